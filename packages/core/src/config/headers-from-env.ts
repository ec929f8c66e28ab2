import { ConfigurationError } from "../errors/configuration-error.js";
import { normalizeHeader } from "./normalize-header.js";

const PREFIX = "SRC_HEADER_";
const LIST = "SRC_HEADERS";

/**
 * The extra headers that src-cli users configure for an auth proxy in front of their instance:
 *
 * - `SRC_HEADER_<NAME>=value` adds header `<name>`: the rest of the variable name lowercased, underscores kept
 *   as they are (as src-cli does: `SRC_HEADER_X_AUTH` sends `x_auth`, not `x-auth`). Use `SRC_HEADERS` for a
 *   name with a dash, which most shells cannot put in a variable name. The prefix is case-sensitive.
 * - `SRC_HEADERS` holds `Name: value` lines separated by LF or CRLF; blank lines are skipped.
 *
 * As in src-cli, an empty value (`SRC_HEADER_X=`, `X:`) adds nothing. Where two settings give the same header,
 * `SRC_HEADER_<NAME>` overrides `SRC_HEADERS` (the more specific setting wins), and a later `SRC_HEADERS` line
 * overrides an earlier one; two `SRC_HEADER_` variables differing only in case must agree.
 *
 * Each header is checked and its value registered for redaction when its name is sensitive: see
 * {@link normalizeHeader}.
 *
 * @param env The environment, such as `process.env`.
 * @returns The headers, names lowercased.
 * @throws {ConfigurationError} Naming the variable (and for `SRC_HEADERS` the line number, never the text) when
 *   a line has no colon, a name is not an HTTP token, or a value has a control character.
 */
export function headersFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  // A Map, then Object.fromEntries, so that a header named `__proto__` is an own property, not a prototype.
  const headers = new Map<string, string>();
  const list = env[LIST];
  if (list !== undefined) {
    list.split("\n").forEach((raw, index) => {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line.trim() === "") return;
      const location = `${LIST} line ${index + 1}`;
      const colon = line.indexOf(":");
      if (colon === -1) {
        throw new ConfigurationError(`${location} has no colon: each line must be "Name: value"`, {
          setting: LIST,
        });
      }
      const [name, value] = normalizeHeader(
        line.slice(0, colon).trim(),
        line.slice(colon + 1),
        LIST,
        location,
      );
      if (value !== "") headers.set(name, value);
    });
  }
  const sources = new Map<string, string>();
  for (const [variable, raw] of Object.entries(env)) {
    if (!variable.startsWith(PREFIX) || variable.length === PREFIX.length || !raw) continue;
    const [name, value] = normalizeHeader(variable.slice(PREFIX.length), raw, variable, variable);
    if (value === "") continue;
    const other = sources.get(name);
    if (other !== undefined && headers.get(name) !== value) {
      throw new ConfigurationError(
        `${other} and ${variable} both set header ${name} but to different values`,
        {
          setting: variable,
        },
      );
    }
    sources.set(name, variable);
    headers.set(name, value);
  }
  return Object.fromEntries(headers);
}

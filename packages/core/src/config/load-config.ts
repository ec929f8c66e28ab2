import type { Credentials } from "../credentials/credentials.js";
import { createTokenCredentials, normalizeToken } from "../credentials/token.js";
import { ConfigurationError } from "../errors.js";
import {
  type ApiUrls,
  apiUrls,
  DEFAULT_ENDPOINT,
  normalizeEndpoint,
  normalizeHeader,
  normalizeProxy,
} from "./settings.js";

/** An environment to read settings from, such as `process.env`. */
type Env = Readonly<Record<string, string | undefined>>;

/** `SRC_HEADER_<NAME>=value`: one extra header a variable. */
const HEADER_PREFIX = "SRC_HEADER_";
/** `SRC_HEADERS`: extra headers as `Name: value` lines. */
const HEADER_LIST = "SRC_HEADERS";

/** What {@link loadConfig} reads. Each option given wins over its environment variable. */
export interface LoadConfigOptions {
  /** The environment to read; defaults to `process.env` where there is one, else none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Instead of `SRC_ENDPOINT`. */
  endpoint?: string;
  /** Instead of `SRC_ACCESS_TOKEN`. */
  token?: string;
  /** Extra headers, added to those of `SRC_HEADER_*` and `SRC_HEADERS`, overriding them name by name. */
  headers?: Readonly<Record<string, string>>;
  /** Instead of `SRC_PROXY`; an empty string turns a proxy set in the environment off. */
  proxy?: string;
}

/** Everything an sgkit client needs to reach one instance, checked. */
export interface SourcegraphConfig {
  /** The instance URL, normalized: no trailing slash, no user info, any path prefix kept. */
  endpoint: string;
  /** The API URLs on that instance. */
  urls: ApiUrls;
  /**
   * The access token, when one is configured: what `credentials` sends. Non-enumerable, so `console.log`,
   * `JSON.stringify` and object spread leave it out.
   */
  token: string | undefined;
  /** Token credentials for `token`, when there is one. */
  credentials: Credentials | undefined;
  /** Extra headers for every request, names lowercased. */
  headers: Record<string, string>;
  /** The proxy URL, user info included, when one is configured. */
  proxy: string | undefined;
}

/**
 * Reads the configuration src-cli users already have (`SRC_ENDPOINT`, `SRC_ACCESS_TOKEN`, `SRC_HEADER_*`,
 * `SRC_HEADERS`, `SRC_PROXY`, `CI`), lets explicit options override it, and refuses, before any request,
 * what would fail later or send a token where the user did not mean to:
 *
 * - `SRC_ENDPOINT` defaults to `https://sourcegraph.com` when unset, but set and empty is an error: an unset
 *   variable in a CI template would otherwise send a private instance's token to the public one.
 * - `SRC_ACCESS_TOKEN` set but empty is an error (src-cli would silently go anonymous).
 * - An `Authorization` header from any source together with a token is an error, as in src-cli.
 * - When `CI` is set (to anything but empty, `false` or `0`) a missing token is an error, as sgkit cannot
 *   prompt; an `Authorization` header counts as a token here.
 * - `SRC_PROXY` set but blank means no proxy.
 *
 * Secrets met along the way (token, sensitive header values, passwords in URLs) are registered for
 * redaction, and no error message repeats a configured value.
 *
 * @throws {ConfigurationError} Naming the setting at fault.
 */
export function loadConfig(options: LoadConfigOptions = {}): SourcegraphConfig {
  const env = options.env ?? globalThis.process?.env ?? {};
  const endpoint = readEndpoint(options, env);
  const token = readToken(options, env);
  const headers = { ...headersFromEnv(env), ...optionHeaders(options.headers) };
  const hasAuthorizationHeader = headers.authorization !== undefined;
  if (token !== undefined && hasAuthorizationHeader) {
    const setting = authorizationHeaderSetting(options, env);
    const tokenSetting = options.token === undefined ? "SRC_ACCESS_TOKEN" : "options.token";
    throw new ConfigurationError(
      `${setting} sets an Authorization header and ${tokenSetting} sets a token: use one or the other`,
      { setting },
    );
  }
  if (token === undefined && !hasAuthorizationHeader && isCi(env.CI)) {
    throw new ConfigurationError(
      "No access token in CI (CI is set, so sgkit cannot ask for one): set SRC_ACCESS_TOKEN",
      { setting: "SRC_ACCESS_TOKEN" },
    );
  }
  const config = {
    endpoint,
    urls: apiUrls(endpoint),
    credentials: token === undefined ? undefined : createTokenCredentials(token),
    headers,
    proxy: readProxy(options, env),
  };
  // Non-enumerable, so that logging, spreading or serializing a config never prints the token.
  return Object.defineProperty(config, "token", { value: token, enumerable: false }) as SourcegraphConfig;
}

function readEndpoint(options: LoadConfigOptions, env: Env): string {
  if (options.endpoint !== undefined) return normalizeEndpoint(options.endpoint, "options.endpoint");
  if (env.SRC_ENDPOINT !== undefined) return normalizeEndpoint(env.SRC_ENDPOINT, "SRC_ENDPOINT");
  return DEFAULT_ENDPOINT;
}

function readToken(options: LoadConfigOptions, env: Env): string | undefined {
  if (options.token !== undefined) return normalizeToken(options.token, "options.token");
  if (env.SRC_ACCESS_TOKEN !== undefined) return normalizeToken(env.SRC_ACCESS_TOKEN, "SRC_ACCESS_TOKEN");
  return undefined;
}

function readProxy(options: LoadConfigOptions, env: Env): string | undefined {
  const [value, setting] =
    options.proxy === undefined ? [env.SRC_PROXY, "SRC_PROXY"] : [options.proxy, "options.proxy"];
  return value === undefined || value.trim() === "" ? undefined : normalizeProxy(value, setting);
}

function optionHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) =>
      normalizeHeader(name, value, "options.headers", `options.headers[${JSON.stringify(name)}]`),
    ),
  );
}

/** Which setting the conflicting header came from, so the message points at the one to remove. */
function authorizationHeaderSetting(options: LoadConfigOptions, env: Env): string {
  if (Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === "authorization")) {
    return "options.headers";
  }
  const variable = Object.keys(env).find(
    (name) =>
      name.startsWith(HEADER_PREFIX) &&
      name.slice(HEADER_PREFIX.length).toLowerCase() === "authorization" &&
      env[name],
  );
  return variable ?? HEADER_LIST;
}

/** CI systems set `CI=true` (or `1`); `CI=false` is how people turn CI behaviour off, so it is honoured. */
function isCi(value: string | undefined): boolean {
  if (value === undefined) return false;
  const normalized = value.trim().toLowerCase();
  return normalized !== "" && normalized !== "false" && normalized !== "0";
}

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
  const list = env[HEADER_LIST];
  if (list !== undefined) {
    list.split("\n").forEach((raw, index) => {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line.trim() === "") return;
      const location = `${HEADER_LIST} line ${index + 1}`;
      const colon = line.indexOf(":");
      if (colon === -1) {
        throw new ConfigurationError(`${location} has no colon: each line must be "Name: value"`, {
          setting: HEADER_LIST,
        });
      }
      const [name, value] = normalizeHeader(
        line.slice(0, colon).trim(),
        line.slice(colon + 1),
        HEADER_LIST,
        location,
      );
      if (value !== "") headers.set(name, value);
    });
  }
  const sources = new Map<string, string>();
  for (const [variable, raw] of Object.entries(env)) {
    if (!variable.startsWith(HEADER_PREFIX) || variable.length === HEADER_PREFIX.length || !raw) continue;
    const [name, value] = normalizeHeader(variable.slice(HEADER_PREFIX.length), raw, variable, variable);
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

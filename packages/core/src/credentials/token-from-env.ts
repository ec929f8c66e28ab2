import { normalizeToken } from "./normalize-token.js";

/**
 * Reads a token from an environment variable, `SRC_ACCESS_TOKEN` by default (src-cli's name for it), trimmed
 * and checked by {@link normalizeToken}.
 *
 * @param name - the variable to read.
 * @param env - the environment; `process.env` where there is one, so the function also loads in browsers.
 * @throws ConfigurationError naming the variable when it is unset, empty or malformed.
 */
export function tokenFromEnv(
  name = "SRC_ACCESS_TOKEN",
  env: Readonly<Record<string, string | undefined>> = globalThis.process?.env ?? {},
): string {
  return normalizeToken(env[name], name);
}

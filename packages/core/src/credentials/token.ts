import { ConfigurationError } from "../errors.js";
import { registerSecret } from "../redaction.js";
import { type ApiKind, type Credentials, declareFixedAuthorization } from "./credentials.js";

/**
 * Credentials for a Sourcegraph access token: `Authorization: token <t>` for GraphQL and streaming search,
 * `Bearer <t>` for the `/api/` HTTP API, which accepts no other form.
 *
 * The token lives only in a closure, so printing or serializing the credentials shows nothing but `type`.
 *
 * @throws ConfigurationError when the token is empty or malformed (see {@link normalizeToken}).
 */
export function createTokenCredentials(token: string): Credentials {
  const value = normalizeToken(token, "token");
  const legacy = `token ${value}`;
  const bearer = `Bearer ${value}`;
  const valueFor = (api: ApiKind) => (api === "http-api" ? bearer : legacy);
  const credentials: Credentials = {
    type: "token",
    async authorization(api: ApiKind): Promise<string> {
      // The registry forgets its oldest entries once full (OAuth rotation keeps adding); a token in use must stay.
      registerSecret(value);
      return valueFor(api);
    },
  };
  // sgkit's own layers then take the value without asking the credentials.
  declareFixedAuthorization(credentials, valueFor);
  return credentials;
}

/**
 * Checks a token before it goes into an `Authorization` header and returns it trimmed. Secret mounts and
 * `echo` leave a newline at the end, so surrounding whitespace is dropped; whitespace, control or non-ASCII
 * characters inside are refused, because a header value carrying them is either split (header injection),
 * mangled, or refused by `fetch` with an error that quotes the whole header, token included.
 *
 * The value is registered for redaction before it is checked, so even a malformed token never shows up in
 * output. Error messages name `setting` and the 0-based position of the offending character, never the value.
 *
 * @param value - the token as given; `undefined` when the setting is absent.
 * @param setting - what to call the source of the token in errors: `SRC_ACCESS_TOKEN`, `token`, a file path.
 * @throws ConfigurationError when the token is missing, empty or malformed.
 */
export function normalizeToken(value: string | undefined, setting: string): string {
  if (value === undefined) throw new ConfigurationError(`${setting} is not set`, { setting });
  const token = value.trim();
  if (token === "") throw new ConfigurationError(`${setting} is empty`, { setting });
  registerSecret(token);
  for (let position = 0; position < token.length; position++) {
    const code = token.charCodeAt(position);
    if (code > 0x20 && code < 0x7f) continue;
    const what = /\s/.test(token.charAt(position))
      ? "whitespace"
      : code < 0x20 || (code >= 0x7f && code <= 0x9f)
        ? "a control character"
        : "a non-ASCII character";
    throw new ConfigurationError(`${setting} contains ${what} at position ${position}`, { setting });
  }
  return token;
}

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

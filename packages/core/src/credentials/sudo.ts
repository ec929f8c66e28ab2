import { ConfigurationError } from "../errors.js";
import { registerSecret } from "../redaction.js";
import type { ApiKind, Credentials } from "./credentials.js";
import { normalizeToken } from "./token.js";

/** What {@link createSudoCredentials} needs: a site admin's token (scope `site-admin:sudo`) and the user to act as. */
export interface SudoCredentialsOptions {
  token: string;
  user: string;
}

/**
 * Credentials that act as another user: `Authorization: token-sudo user="<user>",token="<token>"` for GraphQL
 * and streaming search. The `/api/` HTTP API has no sudo form, so `authorization("http-api")` rejects.
 *
 * The username is sent as UTF-8: `fetch` writes header values one byte per character, so a non-ASCII name is
 * spelled out byte by byte here rather than truncated to Latin-1 or refused by `fetch`.
 *
 * @throws ConfigurationError when the username is unusable (see {@link validateSudoUsername}) or the token is
 *   empty, malformed, or holds a `"`, `,` or `\` that the quoted header cannot carry.
 */
export function createSudoCredentials(options: SudoCredentialsOptions): Credentials {
  validateSudoUsername(options.user);
  const token = normalizeToken(options.token, "token");
  if (/[",\\]/.test(token)) {
    const message = "token contains a quote, comma or backslash, which a token-sudo header cannot carry";
    throw new ConfigurationError(message, { setting: "token" });
  }
  const user = String.fromCharCode(...new TextEncoder().encode(options.user));
  const header = `token-sudo user="${user}",token="${token}"`;
  return {
    type: "sudo",
    async authorization(api: ApiKind): Promise<string> {
      if (api === "http-api") {
        throw new ConfigurationError(
          // Worded without a literal "Authorization: …" header, which redaction would cut short.
          "sudo credentials cannot call the /api/ HTTP API: it accepts only Bearer tokens and has no sudo form; " +
            "use the user's own token instead",
          { setting: "credentials" },
        );
      }
      // The registry forgets its oldest entries once full (OAuth rotation keeps adding); a token in use must stay.
      registerSecret(token);
      return header;
    },
  };
}

/** Characters that would end the quoted `user="…"` value or the header's parameter list. */
const HEADER_DELIMITERS = new Set(['"', ",", "\\"]);

/**
 * Checks a username for `Authorization: token-sudo user="<name>",…`. A name containing `"`, `,`, `\`,
 * whitespace or a control character (C0, DEL or C1) can never be a valid Sourcegraph user, and would build a
 * broken or injectable header, so it is refused before anything is sent.
 *
 * @throws ConfigurationError saying which character is at fault and where (0-based, in characters), such as
 *   `sudo username contains '"' at position 3`.
 */
export function validateSudoUsername(user: string): void {
  // Untyped configuration (JSON, environment) can leave the name out altogether.
  if (typeof user !== "string") throw new ConfigurationError("sudo username is missing", { setting: "user" });
  if (user === "") throw new ConfigurationError("sudo username is empty", { setting: "user" });
  let position = 0;
  for (const char of user) {
    const problem = describe(char);
    if (problem !== undefined) {
      throw new ConfigurationError(`sudo username contains ${problem} at position ${position}`, {
        setting: "user",
      });
    }
    position++;
  }
}

function describe(char: string): string | undefined {
  if (HEADER_DELIMITERS.has(char)) return `'${char}'`;
  const code = char.codePointAt(0) ?? 0;
  // Invisible characters are named by code point: printed as they are, they would be unreadable in a message.
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (/\s/u.test(char)) return `whitespace (${codePoint})`;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (${codePoint})`;
  return undefined;
}

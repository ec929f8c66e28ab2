import { ConfigurationError } from "../errors/configuration-error.js";
import { registerSecret } from "../redaction/secret-registry.js";
import type { ApiKind, Credentials } from "./credentials.js";
import { normalizeToken } from "./normalize-token.js";
import { validateSudoUsername } from "./validate-sudo-username.js";

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

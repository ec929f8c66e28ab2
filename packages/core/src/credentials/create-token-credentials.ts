import { registerSecret } from "../redaction/secret-registry.js";
import { declareFixedAuthorization } from "./authorization-header.js";
import type { ApiKind, Credentials } from "./credentials.js";
import { normalizeToken } from "./normalize-token.js";

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
  // sgkit's own layers then authorize a request without a promise to wait for.
  declareFixedAuthorization(credentials, valueFor);
  return credentials;
}

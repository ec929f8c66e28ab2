/** What an `Authorization` header of the GraphQL API asks for. */
export type GraphQLCredentials =
  | { readonly kind: "anonymous" }
  /** `token <t>`, `token token="<t>"` (access tokens) or `Bearer <t>` (OAuth). */
  | { readonly kind: "token"; readonly scheme: "token" | "bearer"; readonly token: string }
  /** `token-sudo user="<u>",token="<t>"`, in either order, quotes optional. */
  | { readonly kind: "sudo"; readonly token: string; readonly user: string };

/** An `Authorization` header that is not one of the accepted forms. */
export class MalformedAuthorizationError extends Error {
  override readonly name = "MalformedAuthorizationError";
}

const BARE = /^[^\s",=]+$/;
const PARAMETER = /\s*([A-Za-z-]+)\s*=\s*(?:"([^"\r\n]*)"|([^\s",]*))\s*(,|$)/y;

/**
 * Reads the `Authorization` header of a GraphQL request the way Sourcegraph's server does:
 *
 * - none: an anonymous request;
 * - `token <t>` or `token token="<t>"` (quotes optional);
 * - `token-sudo user="<u>",token="<t>"`: parameters in either order, quotes optional, both required;
 * - `Bearer <t>`: an OAuth (or access) token.
 *
 * Schemes are case-insensitive. Anything else (another scheme, a missing or empty credential, unknown or
 * repeated parameters, text left over) is malformed.
 *
 * @throws MalformedAuthorizationError, whose message never holds the header.
 */
export function parseGraphQLAuthorization(header: string | undefined): GraphQLCredentials {
  if (header === undefined) return { kind: "anonymous" };
  const match = /^\s*(\S+)(?:\s+(.*?))?\s*$/s.exec(header);
  const scheme = match?.[1]?.toLowerCase();
  const rest = match?.[2] ?? "";
  if (scheme === "bearer") {
    if (!BARE.test(rest)) throw new MalformedAuthorizationError("a Bearer header needs exactly one token");
    return { kind: "token", scheme: "bearer", token: rest };
  }
  if (scheme === "token") {
    if (BARE.test(rest)) return { kind: "token", scheme: "token", token: rest };
    const { token } = parameters(rest, ["token"]);
    return { kind: "token", scheme: "token", token };
  }
  if (scheme === "token-sudo") {
    const { token, user } = parameters(rest, ["token", "user"]);
    return { kind: "sudo", token, user };
  }
  throw new MalformedAuthorizationError("the scheme must be token, token-sudo or Bearer");
}

function parameters<K extends string>(text: string, names: readonly K[]): Record<K, string> {
  const found = new Map<string, string>();
  PARAMETER.lastIndex = 0;
  while (PARAMETER.lastIndex < text.length) {
    const start = PARAMETER.lastIndex;
    const match = PARAMETER.exec(text);
    if (!match || match.index !== start) throw new MalformedAuthorizationError("malformed parameters");
    const name = (match[1] ?? "").toLowerCase();
    const value = match[2] ?? match[3] ?? "";
    if (!names.includes(name as K) || found.has(name)) {
      throw new MalformedAuthorizationError(`unexpected parameter ${JSON.stringify(name)}`);
    }
    if (value === "") throw new MalformedAuthorizationError(`the parameter ${name} is empty`);
    found.set(name, value);
    if (match[4] === "") break;
  }
  if (PARAMETER.lastIndex < text.length && text.slice(PARAMETER.lastIndex).trim() !== "") {
    throw new MalformedAuthorizationError("malformed parameters");
  }
  for (const name of names) {
    if (!found.has(name)) throw new MalformedAuthorizationError(`the parameter ${name} is missing`);
  }
  return Object.fromEntries(found) as Record<K, string>;
}

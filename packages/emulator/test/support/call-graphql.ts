import type { Emulator } from "../../src/server/start-emulator.js";

/** The answer of a raw GraphQL request: status, headers, and the JSON body (or the text when it is not JSON). */
export interface GraphQLAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body: `{data?, errors?}`. Undefined when the body was not JSON (see `text`). */
  readonly body: { data?: Record<string, unknown> | null; errors?: GraphQLErrorJson[] } | undefined;
  readonly text: string;
}

/** An error of a GraphQL answer. */
export interface GraphQLErrorJson {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: { readonly code?: string };
}

/** Who sends a request: an emulator token name (as `Authorization: token`), raw headers, or nobody. */
export type As = { token: string } | { headers: Record<string, string> } | "anonymous";

/**
 * POSTs a raw GraphQL document to an emulator's `/.api/graphql` with plain `fetch`, as curl would. By default it
 * sends the `admin` token as `Authorization: token <value>`.
 */
export async function callGraphQL(
  emulator: Emulator,
  query: string,
  variables?: Record<string, unknown>,
  options: { as?: As; operationName?: string } = {},
): Promise<GraphQLAnswer> {
  const as = options.as ?? { token: "admin" };
  const auth =
    as === "anonymous"
      ? {}
      : "token" in as
        ? { Authorization: `token ${emulator.token(as.token)}` }
        : as.headers;
  const response = await fetch(`${emulator.url}/.api/graphql`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...auth },
    body: JSON.stringify({ query, variables, operationName: options.operationName }),
  });
  const text = await response.text();
  let body: GraphQLAnswer["body"];
  try {
    body = JSON.parse(text) as GraphQLAnswer["body"];
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** The data of a successful answer; fails the test with the errors otherwise. */
export async function graphqlData(
  emulator: Emulator,
  query: string,
  variables?: Record<string, unknown>,
  options: { as?: As; operationName?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked with expect, not by type.
): Promise<any> {
  const answer = await callGraphQL(emulator, query, variables, options);
  if (answer.status !== 200 || !answer.body || answer.body.errors) {
    throw new Error(`GraphQL request failed: ${answer.status} ${answer.text}`);
  }
  return answer.body.data;
}

/** The error codes of an answer, in order. */
export function errorCodes(answer: GraphQLAnswer): Array<string | undefined> {
  return (answer.body?.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * The error messages of an answer, in order. Sourcegraph's errors carry a message and a path but (except the
 * query-cost refusal) no `extensions.code`: tests match on these, as clients must.
 */
export function errorMessages(answer: GraphQLAnswer): string[] {
  return (answer.body?.errors ?? []).map((error) => error.message);
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { createGunzip } from "node:zlib";
import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  Kind,
  parse,
  type SelectionSetNode,
  validate,
} from "graphql";
import { CapacityExceededError } from "../capacity.js";
import { answerHttpFault } from "../fault-answers.js";
import { type ApiHandlerOptions, asyncHandler, type NodeHandler, plainText } from "../server/router.js";
import { sleep } from "../server/sleep.js";
import { authenticateGraphQL } from "./authenticate-graphql.js";
import { createGraphQLSchema } from "./create-graphql-schema.js";
import { GraphQLErrorCode } from "./graphql-api-error.js";

/** The default most aliases one GraphQL request may use. */
export const DEFAULT_ALIAS_LIMIT = 500;
/** The largest request body, after gzip decompression. */
const BODY_LIMIT = 10 * 1024 * 1024;

/** Options of the GraphQL API. */
export interface GraphQLOptions {
  /**
   * The most aliased fields one request may use; more is answered HTTP 400 with
   * `extensions.code: "ErrQueryComplexityLimitExceeded"`. Default 500.
   */
  readonly aliasLimit?: number;
}

/** What the GraphQL handler works with. */
export interface GraphQLHandlerOptions extends GraphQLOptions, ApiHandlerOptions {
  /** The executable schema; default {@link createGraphQLSchema}'s. */
  readonly schema?: GraphQLSchema;
}

interface Payload {
  readonly query: string;
  readonly variables: Record<string, unknown> | undefined;
  readonly operationName: string | undefined;
}

/**
 * The counter and fault key of a GraphQL request: `graphql:` and the operation's name (the request's
 * `operationName`, else the name of the document's only operation, else `unnamed`).
 */
export function graphqlMethodKey(
  operationName: string | undefined,
  document: DocumentNode | undefined,
): string {
  if (operationName) return `graphql:${operationName}`;
  const operations =
    document?.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION) ?? [];
  const only = operations.length === 1 ? operations[0] : undefined;
  return `graphql:${only?.kind === Kind.OPERATION_DEFINITION && only.name ? only.name.value : "unnamed"}`;
}

/**
 * The Node handler of `POST /.api/graphql`, in this order:
 *
 * 1. anything but POST: 405 (`Allow: POST`);
 * 2. the body, gunzipped with `Content-Encoding: gzip` (400 bad gzip, 413 over 10 MB, 415 other encodings);
 * 3. the request is counted under `graphql:<operation name>` (`emulator.counters`);
 * 4. injected faults for that key, as for the HTTP API (503; 429 with `Retry-After` and an empty body; a reset
 *    connection; a lost answer after running the operation), then the capacity model (503 when saturated);
 * 5. authentication (plain-text 401 `Invalid Authorization header.` / `Invalid access token.`, 403 for sudo
 *    problems; no header is an anonymous request); every sudo request is written to the audit log;
 * 6. the JSON payload `{query, variables?, operationName?}` (400 otherwise);
 * 7. parsing and validation against the schema (HTTP 200 with `errors`, codes `ErrGraphQLSyntax` and
 *    `ErrGraphQLValidation`);
 * 8. the alias limit (HTTP 400, `ErrQueryComplexityLimitExceeded`);
 * 9. execution over the state: HTTP 200 with `{data, errors?}`, each error with `extensions.code`.
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions): NodeHandler {
  const schema = options.schema ?? createGraphQLSchema();
  const aliasLimit = options.aliasLimit ?? DEFAULT_ALIAS_LIMIT;
  const { state } = options;

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "POST") {
      request.resume();
      plainText(response, 405, "Method Not Allowed: the GraphQL API accepts POST only.", { Allow: "POST" });
      return;
    }
    let body: string;
    try {
      body = await readRequestBody(request, BODY_LIMIT);
    } catch (error) {
      if (!(error instanceof RequestBodyError)) throw error;
      plainText(response, error.status, error.message);
      return;
    }
    const payload = readPayload(body);
    let document: DocumentNode | undefined;
    let syntaxError: GraphQLError | undefined;
    if (typeof payload !== "string") {
      try {
        document = parse(payload.query);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        syntaxError = error;
      }
    }
    const key = graphqlMethodKey(typeof payload === "string" ? undefined : payload.operationName, document);
    state.counters.increment(key);

    const decision = options.faults?.decide(key);
    if (decision && decision.latencyMs > 0) {
      // The response closes before it is written only when the client goes away.
      const aborted = new AbortController();
      response.once("close", () => aborted.abort());
      const signals = options.signal ? [options.signal, aborted.signal] : [aborted.signal];
      try {
        await sleep(decision.latencyMs, AbortSignal.any(signals));
      } catch {
        response.destroy();
        return;
      }
    }
    if (answerHttpFault(decision, request, response)) return;

    const answer = async (): Promise<Answer> => {
      const authentication = authenticateGraphQL(state, request.headers.authorization);
      if (!authentication.ok) return { status: authentication.status, text: authentication.message };
      if (authentication.sudoFrom && authentication.token && authentication.viewer) {
        state.audit.record({
          userId: authentication.sudoFrom.id,
          username: authentication.sudoFrom.username,
          token: authentication.token.name,
          api: "graphql",
          method: key,
          note: `token-sudo as user ${JSON.stringify(authentication.viewer.username)}`,
        });
      }
      if (typeof payload === "string") return errorsAnswer(400, payload, GraphQLErrorCode.invalidArgument);
      if (syntaxError || !document) {
        return { status: 200, json: { errors: [withCode(syntaxError, GraphQLErrorCode.syntax)] } };
      }
      const validationErrors = validate(schema, document);
      if (validationErrors.length > 0) {
        return {
          status: 200,
          json: { errors: validationErrors.map((error) => withCode(error, GraphQLErrorCode.validation)) },
        };
      }
      const aliases = countAliases(document, payload.operationName);
      if (aliases > aliasLimit) {
        return errorsAnswer(
          400,
          `the query uses ${aliases} aliases, more than this instance allows (${aliasLimit}): split it into smaller requests`,
          GraphQLErrorCode.queryComplexity,
        );
      }
      const result = await execute({
        schema,
        document,
        variableValues: payload.variables,
        operationName: payload.operationName,
        contextValue: { state, viewer: authentication.viewer },
      });
      const json: Record<string, unknown> = {};
      if (result.errors) {
        json.errors = result.errors.map((error) =>
          withCode(error, error.path ? GraphQLErrorCode.internal : GraphQLErrorCode.validation),
        );
      }
      if ("data" in result) json.data = result.data ?? null;
      return { status: 200, json };
    };

    let result: Answer;
    try {
      result = options.capacity
        ? await options.capacity.run(answer, undefined, options.signal)
        : await answer();
    } catch (error) {
      if (error instanceof CapacityExceededError) {
        plainText(response, 503, error.message);
        return;
      }
      if (options.signal?.aborted) {
        response.destroy();
        return;
      }
      throw error;
    }
    if (decision?.kind === "lostAnswer") {
      request.socket.destroy();
      return;
    }
    if ("text" in result) plainText(response, result.status, result.text);
    else json(response, result.status, result.json);
  };

  return asyncHandler(serve);
}

type Answer = { status: number; text: string } | { status: number; json: Record<string, unknown> };

function readPayload(body: string): Payload | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "the request body must be JSON: {query, variables?, operationName?}";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "the request body must be a JSON object: {query, variables?, operationName?}";
  }
  const { query, variables, operationName } = value as Record<string, unknown>;
  if (typeof query !== "string" || query === "") return "query: must be a non-empty string";
  if (variables != null && (typeof variables !== "object" || Array.isArray(variables))) {
    return "variables: must be an object";
  }
  if (operationName != null && typeof operationName !== "string") return "operationName: must be a string";
  return {
    query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: (operationName || undefined) as string | undefined,
  };
}

function withCode(error: GraphQLError | undefined, code: string): GraphQLFormattedError {
  const formatted = error?.toJSON() ?? { message: "the query does not parse" };
  if (typeof formatted.extensions?.code === "string") return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

function errorsAnswer(status: number, message: string, code: string): Answer {
  return { status, json: { errors: [{ message, extensions: { code } }] } };
}

function json(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

/** A request body the GraphQL endpoint refuses before reading it as JSON. */
class RequestBodyError extends Error {
  override readonly name = "RequestBodyError";
  /** 400 (bad gzip), 413 (too large) or 415 (an encoding other than gzip). */
  readonly status: 400 | 413 | 415;

  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a request body as UTF-8 text, gunzipping it when `Content-Encoding: gzip` (Sourcegraph accepts gzip
 * request bodies on the GraphQL endpoint). At most `limit` bytes after decompression.
 */
async function readRequestBody(request: IncomingMessage, limit: number): Promise<string> {
  const encoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "") {
    throw new RequestBodyError(
      415,
      `unsupported Content-Encoding ${JSON.stringify(encoding)}: use gzip or none`,
    );
  }
  const source: AsyncIterable<Buffer> = encoding === "gzip" ? request.pipe(createGunzip()) : request;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limit) throw new RequestBodyError(413, `the request body is larger than ${limit} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof RequestBodyError) throw error;
    if (encoding === "gzip") throw new RequestBodyError(400, "the request body is not valid gzip");
    throw error;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * How many aliased fields the operation `operationName` (or the document's only operation) would resolve,
 * counting a fragment again at every spread, as a server's cost check must (aliases are how one request asks
 * for many objects). The document is assumed valid (no fragment cycles).
 */
export function countAliases(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, SelectionSetNode>();
  const operations: SelectionSetNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition.selectionSet);
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      if (operationName == null || definition.name?.value === operationName)
        operations.push(definition.selectionSet);
    }
  }
  const count = (selectionSet: SelectionSetNode, depth: number): number => {
    if (depth > 100) return 0;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total++;
        if (selection.selectionSet) total += count(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet, depth + 1);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) total += count(fragment, depth + 1);
      }
    }
    return total;
  };
  return Math.max(0, ...operations.map((operation) => count(operation, 0)));
}

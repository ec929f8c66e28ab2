import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  Kind,
  parse,
  validate,
} from "graphql";
import { CapacityExceededError } from "../capacity.js";
import { answerHttpFault } from "../fault-answers.js";
import {
  closeAfterAnswer,
  REQUEST_BODY_LIMIT,
  RequestBodyError,
  readRequestBody,
} from "../server/request-body.js";
import { type ApiHandlerOptions, asyncHandler, type NodeHandler, plainText } from "../server/router.js";
import { authenticateGraphQL } from "./authenticate-graphql.js";
import { createGraphQLSchema } from "./create-graphql-schema.js";
import {
  braceDepth,
  DEFAULT_QUERY_COST_LIMITS,
  estimateQueryCost,
  type QueryCostLimits,
  type QueryCostViolation,
  queryCostViolations,
} from "./estimate-query-cost.js";
import { GraphQLErrorCode, isCodeSourcegraphSends } from "./graphql-api-error.js";

/** The default most aliases one GraphQL request may use. */
export const DEFAULT_ALIAS_LIMIT = DEFAULT_QUERY_COST_LIMITS.aliasCount;

/**
 * Options of the GraphQL API: Sourcegraph's query-cost limits (its site configuration's `rateLimits`), each
 * checked before the request is validated or executed. A request past any of them is answered HTTP 400 with one
 * error per limit exceeded, `extensions: {code: "ErrQueryComplexityLimitExceeded", type, limit, actual}`.
 */
export interface GraphQLOptions {
  /** The most aliased fields one request may use (`graphQLMaxAliases`). Default 500. */
  readonly aliasLimit?: number;
  /**
   * The most fields an answer may hold, each counted times the `first`/`last` of the fields around it
   * (`graphQLMaxFieldCount`). Default 500 000.
   */
  readonly fieldCountLimit?: number;
  /** The deepest nesting of selection sets (`graphQLMaxDepth`). Default 30. */
  readonly depthLimit?: number;
  /** The most times one field name may be written in an operation or fragment. Default 500. */
  readonly duplicateFieldCountLimit?: number;
  /** The most distinct field names, a fragment's counted at each spread. Default 500. */
  readonly uniqueFieldCountLimit?: number;
}

/** The cost limits of `options`, with Sourcegraph's defaults; a RangeError for one that is not a whole number >= 1. */
export function queryCostLimits(options: GraphQLOptions = {}): QueryCostLimits {
  const limits = {
    aliasCount: options.aliasLimit ?? DEFAULT_QUERY_COST_LIMITS.aliasCount,
    fieldCount: options.fieldCountLimit ?? DEFAULT_QUERY_COST_LIMITS.fieldCount,
    depth: options.depthLimit ?? DEFAULT_QUERY_COST_LIMITS.depth,
    duplicateFieldCount: options.duplicateFieldCountLimit ?? DEFAULT_QUERY_COST_LIMITS.duplicateFieldCount,
    uniqueFieldCount: options.uniqueFieldCountLimit ?? DEFAULT_QUERY_COST_LIMITS.uniqueFieldCount,
  };
  const names: Record<keyof QueryCostLimits, keyof GraphQLOptions> = {
    aliasCount: "aliasLimit",
    fieldCount: "fieldCountLimit",
    depth: "depthLimit",
    duplicateFieldCount: "duplicateFieldCountLimit",
    uniqueFieldCount: "uniqueFieldCountLimit",
  };
  for (const [key, value] of Object.entries(limits) as Array<[keyof QueryCostLimits, number]>) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`graphql.${names[key]}: must be an integer >= 1, got ${String(value)}`);
    }
  }
  return limits;
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
 * 2. the body, gunzipped with `Content-Encoding: gzip` (400 bad gzip, 415 other encodings; 413 past 10 MiB, sent
 *    or decompressed, answered at once and the connection closed, so the rest is never read);
 * 3. the request is counted under `graphql:<operation name>` (`emulator.counters`);
 * 4. injected faults for that key, as for the HTTP API (503; 429 with `Retry-After` and an empty body; a reset
 *    connection; a lost answer after running the operation), then the capacity model (503 when saturated);
 * 5. authentication (plain-text 401 `Invalid Authorization header.` / `Invalid access token.`, 403 for sudo
 *    problems; no header is an anonymous request); every sudo request is written to the audit log;
 * 6. the JSON payload `{query, variables?, operationName?}` (400 otherwise);
 * 7. parsing (HTTP 200 with `errors`);
 * 8. Sourcegraph's query-cost limits, before validation as Sourcegraph checks them (HTTP 400,
 *    `ErrQueryComplexityLimitExceeded`, one error per limit exceeded; see {@link estimateQueryCost});
 * 9. validation against the schema (HTTP 200 with `errors`);
 * 10. execution over the state: HTTP 200 with `{data, errors?}`, each error with its `message` and `path`.
 *
 * As Sourcegraph's, errors carry no `extensions.code` but for the query-cost refusal
 * (`ErrQueryComplexityLimitExceeded`): clients match on the message, field and path.
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions): NodeHandler {
  const schema = options.schema ?? createGraphQLSchema();
  const limits = queryCostLimits(options);
  const { state } = options;

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "POST") {
      request.resume();
      plainText(response, 405, "Method Not Allowed: the GraphQL API accepts POST only.", { Allow: "POST" });
      return;
    }
    const encoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
    if (encoding !== "identity" && encoding !== "gzip" && encoding !== "") {
      plainText(
        response,
        415,
        `unsupported Content-Encoding ${JSON.stringify(encoding)}: use gzip or none`,
        closeAfterAnswer(response),
      );
      return;
    }
    let body: string;
    try {
      const bytes = await readRequestBody(request, {
        limit: REQUEST_BODY_LIMIT,
        encoding: encoding === "gzip" ? "gzip" : undefined,
      });
      body = bytes.toString("utf8");
    } catch (error) {
      if (!(error instanceof RequestBodyError)) throw error;
      plainText(response, error.status, error.message, closeAfterAnswer(response));
      return;
    }
    const payload = readPayload(body);
    let document: DocumentNode | undefined;
    let syntaxError: GraphQLError | undefined;
    let tooDeep: QueryCostViolation | undefined;
    if (typeof payload !== "string") {
      try {
        document = parse(payload.query);
      } catch (error) {
        if (error instanceof GraphQLError) syntaxError = error;
        // The parser recurses: a document nested deeper than the stack allows is far past the depth limit.
        else if (error instanceof RangeError) {
          tooDeep = { type: "query depth", limit: limits.depth, actual: braceDepth(payload.query) };
        } else throw error;
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
        await sleep(decision.latencyMs, undefined, { signal: AbortSignal.any(signals) });
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
      if (tooDeep) return costAnswer([tooDeep], request);
      if (syntaxError || !document) {
        return { status: 200, json: { errors: [withCode(syntaxError, GraphQLErrorCode.syntax)] } };
      }
      // Before validation, as Sourcegraph does: the estimate is linear in the document, validation is not.
      let cost: ReturnType<typeof estimateQueryCost>;
      try {
        cost = estimateQueryCost(document, payload.variables);
      } catch (error) {
        // The estimate follows the document's nesting as the parser does, and may run out of stack where it did not.
        if (!(error instanceof RangeError)) throw error;
        return costAnswer(
          [{ type: "query depth", limit: limits.depth, actual: braceDepth(payload.query) }],
          request,
        );
      }
      if ("cycle" in cost) {
        return errorsAnswer(
          200,
          `Cannot spread fragment "${cost.cycle}" within itself.`,
          GraphQLErrorCode.validation,
        );
      }
      const violations = queryCostViolations(cost, limits);
      if (violations.length > 0) return costAnswer(violations, request);
      const validationErrors = validate(schema, document);
      if (validationErrors.length > 0) {
        return {
          status: 200,
          json: { errors: validationErrors.map((error) => withCode(error, GraphQLErrorCode.validation)) },
        };
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

// The error as Sourcegraph formats it: `extensions.code` only for a code Sourcegraph sends; `code` (the emulator's
// own kind of the error) is not sent.
function withCode(error: GraphQLError | undefined, code: string): GraphQLFormattedError {
  const formatted = error?.toJSON() ?? { message: "the query does not parse" };
  const sent = formatted.extensions?.code;
  if (typeof sent === "string" && isCodeSourcegraphSends(sent)) return formatted;
  if (typeof sent !== "string" && isCodeSourcegraphSends(code)) {
    return { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  const { extensions, ...rest } = formatted;
  const { code: _dropped, ...others } = extensions ?? {};
  return Object.keys(others).length > 0 ? { ...rest, extensions: others } : rest;
}

function errorsAnswer(status: number, message: string, code: string): Answer {
  return {
    status,
    json: { errors: [isCodeSourcegraphSends(code) ? { message, extensions: { code } } : { message }] },
  };
}

function json(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

/**
 * Sourcegraph's answer to a request past its cost limits (cmd/frontend/internal/httpapi/graphql.go,
 * writeViolationError): HTTP 400, because retrying will not help, and one error per limit exceeded.
 */
function costAnswer(violations: readonly QueryCostViolation[], request: IncomingMessage): Answer {
  const docsUrl = `http://${request.headers.host ?? "127.0.0.1"}/help/api/graphql#cost-limits`;
  return {
    status: 400,
    json: {
      errors: violations.map(({ type, limit, actual }) => ({
        message: `Query exceeds maximum ${type} limit`,
        extensions: { code: GraphQLErrorCode.queryComplexity, type, limit, actual, docs_url: docsUrl },
      })),
    },
  };
}

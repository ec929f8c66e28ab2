import { errorFromResponse, type FailedRequest, SourcegraphError } from "@sgkit/core";
import { type GraphQLErrorEntry, GraphQLResponseError } from "../errors/graphql-response-error.js";
import { QUERY_COMPLEXITY_CODE, QueryComplexityError } from "../errors/query-complexity-error.js";

/**
 * Reads the answer to a GraphQL POST that came back 200 or 400: `data` when there are no `errors`, otherwise a
 * {@link GraphQLResponseError} (a {@link QueryComplexityError} for `ErrQueryComplexityLimitExceeded`). A 400
 * whose body is not a GraphQL response becomes `@sgkit/core`'s HTTP error; a 200 that is not one is an
 * `internal` error.
 */
export async function readGraphQLResponse(
  response: Response,
  request: FailedRequest,
  operationName: string | undefined,
  now: () => number,
): Promise<unknown> {
  const copy = response.status === 400 ? response.clone() : undefined;
  const text = await response.text();
  const payload = parsePayload(text);
  const label = operationName ?? "GraphQL operation";
  const responseInfo = { status: response.status, headers: response.headers };
  if (payload === undefined || (response.status === 400 && payload.errors === undefined)) {
    if (copy) throw await errorFromResponse(copy, request, { now });
    throw new SourcegraphError(
      `${label}: ${request.method} ${request.url} answered HTTP ${response.status} with a body that is not a GraphQL response.`,
      { code: "internal", isRetryable: false, request, response: { ...responseInfo, body: text } },
    );
  }
  if (payload.errors !== undefined) {
    const errors = payload.errors;
    const first = errors[0];
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
    const at = first?.path?.length ? ` at ${first.path.join(".")}` : "";
    const options = {
      errors,
      data: payload.data,
      request,
      response: responseInfo,
      ...(operationName === undefined ? {} : { operationName }),
    };
    if (errors.some((error) => error.extensions?.code === QUERY_COMPLEXITY_CODE)) {
      throw new QueryComplexityError(
        `${label} was refused as too complex: ${first?.message ?? ""}${more}. Ask for less per request.`,
        { ...options, status: response.status },
      );
    }
    const code = response.status === 400 ? ("invalid_argument" as const) : ("unknown" as const);
    throw new GraphQLResponseError(`${label} failed${at}: ${first?.message ?? "(no message)"}${more}`, {
      ...options,
      code,
    });
  }
  if (payload.data === null || payload.data === undefined) {
    throw new SourcegraphError(`${label} answered neither data nor errors.`, {
      code: "internal",
      isRetryable: false,
      request,
      response: responseInfo,
    });
  }
  return payload.data;
}

interface Payload {
  data?: Record<string, unknown> | null;
  /** Present and non-empty, or absent. */
  errors?: GraphQLErrorEntry[];
}

/** The body as a GraphQL response, normalized; undefined when it is not one. */
function parsePayload(text: string): Payload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const { data, errors } = parsed as { data?: unknown; errors?: unknown };
  if (!("data" in parsed) && !("errors" in parsed)) return undefined;
  const payload: Payload = {};
  if (typeof data === "object" && !Array.isArray(data)) payload.data = data as Payload["data"];
  if (Array.isArray(errors) && errors.length > 0) payload.errors = errors.map(toEntry);
  else if (errors !== undefined && errors !== null && !Array.isArray(errors))
    payload.errors = [toEntry(errors)];
  return payload;
}

function toEntry(value: unknown): GraphQLErrorEntry {
  if (typeof value !== "object" || value === null) return { message: String(value) };
  const raw = value as Record<string, unknown>;
  const entry: GraphQLErrorEntry = {
    message: typeof raw.message === "string" ? raw.message : JSON.stringify(raw.message ?? null),
  };
  if (Array.isArray(raw.path)) {
    entry.path = raw.path.filter(
      (part): part is string | number => typeof part === "string" || typeof part === "number",
    );
  }
  if (Array.isArray(raw.locations)) entry.locations = raw.locations as GraphQLErrorEntry["locations"];
  if (typeof raw.extensions === "object" && raw.extensions !== null) {
    entry.extensions = raw.extensions as GraphQLErrorEntry["extensions"];
  }
  return entry;
}

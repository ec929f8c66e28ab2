import { type ErrorCode, redactText, SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";

/** One entry of a GraphQL response's `errors` array, as the server sent it (its message redacted). */
export interface GraphQLErrorEntry {
  message: string;
  /** The response path of the field that failed, such as `["r3", "id"]`. */
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  /** Server-specific details; Sourcegraph puts a machine-readable `code` here for some errors. */
  extensions?: { code?: string; [key: string]: unknown };
}

/** What a {@link GraphQLResponseError} is built from. */
export interface GraphQLResponseErrorOptions extends Omit<SourcegraphErrorOptions, "code"> {
  errors: readonly GraphQLErrorEntry[];
  /** The `data` that came with the errors, when the server resolved part of the operation. */
  data?: unknown;
  operationName?: string;
  code?: ErrorCode;
}

/**
 * The server answered a GraphQL request with `errors`: the operation did not validate, a resolver failed, or the
 * viewer may not do this. `errors` holds every entry with its `path` and `extensions.code`; `data` holds whatever
 * the server resolved anyway (GraphQL answers partial data: for example the aliases of `repositoryIdsByName`
 * that did resolve). Not retried: the same request would fail the same way.
 */
export class GraphQLResponseError extends SourcegraphError {
  static override readonly kind: string = "GraphQLResponseError";
  override readonly name: string = "GraphQLResponseError";
  /** Every error the server reported, in its order. */
  readonly errors: readonly GraphQLErrorEntry[];
  /** The partial `data` of the response (its strings redacted), or undefined when it had none (or `null`). */
  readonly data: unknown;
  /** The operation that failed, when it had a name. */
  readonly operationName: string | undefined;

  constructor(message: string, options: GraphQLResponseErrorOptions) {
    super(message, { isRetryable: false, ...options, code: options.code ?? "unknown" });
    // Server text can quote anything, a token sent in a variable included: every string is redacted.
    this.errors = options.errors.map((entry) => redactDeep(entry) as GraphQLErrorEntry);
    this.data = redactDeep(options.data ?? undefined);
    this.operationName = options.operationName;
  }

  /** The `extensions.code` values of the errors, without duplicates, such as `["ErrNotAuthenticated"]`. */
  get errorCodes(): string[] {
    return [
      ...new Set(
        this.errors.flatMap((e) => (typeof e.extensions?.code === "string" ? [e.extensions.code] : [])),
      ),
    ];
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), operationName: this.operationName, errors: this.errors };
  }
}

/** A copy of a JSON value with every string (keys included) redacted. */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [redactText(key), redactDeep(item, depth + 1)]),
  );
}

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
  /** The partial `data` of the response, or undefined when it had none (or `null`). */
  readonly data: unknown;
  /** The operation that failed, when it had a name. */
  readonly operationName: string | undefined;

  constructor(message: string, options: GraphQLResponseErrorOptions) {
    super(message, { isRetryable: false, ...options, code: options.code ?? "unknown" });
    this.errors = options.errors.map(redactEntry);
    this.data = options.data ?? undefined;
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

function redactEntry(entry: GraphQLErrorEntry): GraphQLErrorEntry {
  return { ...entry, message: redactText(String(entry.message)) };
}

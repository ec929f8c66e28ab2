// The errors this package adds to @sgkit/core's, all of them `SourcegraphError`s.

import { type ErrorCode, SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";
import { redactText } from "@sgkit/core/internal";

/** One entry of a GraphQL response's `errors` array, as the server sent it (its message redacted). */
export interface GraphQLErrorEntry {
  message: string;
  /** The response path of the field that failed, such as `["r3", "id"]`. */
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  /**
   * Server-specific details. Sourcegraph sends a `code` only for a few errors (such as
   * `ErrQueryComplexityLimitExceeded`): most carry none, so match on the message, field and `path` instead.
   */
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
 * viewer may not do this. `errors` holds every entry with its `message` and `path` (and `extensions`, which
 * Sourcegraph rarely sets: match on the message, field and path); `data` holds whatever the server resolved anyway
 * (GraphQL answers partial data: for example the aliases of `repositoryIdsByName` that did resolve). Not retried:
 * the same request would fail the same way.
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

  /**
   * The `extensions.code` values of the errors, without duplicates, such as
   * `["ErrQueryComplexityLimitExceeded"]`. Usually empty: most Sourcegraph errors carry no code.
   */
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

/** The `extensions.code` Sourcegraph gives a query that costs more than the instance allows. */
export const QUERY_COMPLEXITY_CODE = "ErrQueryComplexityLimitExceeded";

/**
 * The server refused the operation as too expensive (HTTP 400, `extensions.code`
 * `ErrQueryComplexityLimitExceeded`): too many aliases, too large pages or too deep nesting. Not retried: the same
 * query costs the same. Ask for less per request (smaller `chunkSize` or `pageSize`).
 */
export class QueryComplexityError extends GraphQLResponseError {
  static override readonly kind: string = "QueryComplexityError";
  override readonly name: string = "QueryComplexityError";

  constructor(message: string, options: Omit<GraphQLResponseErrorOptions, "code">) {
    super(message, { status: 400, ...options, code: "invalid_argument", isRetryable: false });
  }
}

/**
 * An argument was refused before anything was sent, because the server would refuse it or, worse, accept it and
 * do something else (a blank bindID granted to nobody, a duplicate repository, a malformed path rule). `argument`
 * names the parameter at fault.
 */
export class InvalidArgumentError extends SourcegraphError {
  static override readonly kind: string = "InvalidArgumentError";
  override readonly name: string = "InvalidArgumentError";
  /** The parameter at fault, such as `repositories[3]` or `userPermissions[0].paths[2]`. */
  readonly argument: string;

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> & { argument: string }) {
    super(message, { isRetryable: false, ...options, code: "invalid_argument" });
    this.argument = redactText(options.argument);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), argument: this.argument };
  }
}

/**
 * A string is not a node ID sgkit can decode: not URL-safe base64 with padding, not UTF-8, not `Kind:<JSON>`, or
 * of another kind than expected. The message and `id` quote it.
 */
export class InvalidNodeIdError extends InvalidArgumentError {
  static override readonly kind: string = "InvalidNodeIdError";
  override readonly name: string = "InvalidNodeIdError";
  /** The ID as given (redacted like every string of an sgkit error). */
  readonly id: string;

  constructor(
    message: string,
    options: Omit<SourcegraphErrorOptions, "code"> & { id: string; argument?: string },
  ) {
    super(message, { ...options, argument: options.argument ?? "id" });
    this.id = redactText(options.id);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), id: this.id };
  }
}

/**
 * A sub-repository path rule is not a glob the server can use: empty, a lone `-`, an unclosed `[` or `{`, an
 * unmatched `]` or `}`, an empty `[]` class, or a trailing `\`. It names the user's and the rule's index and quotes
 * the rule, so a table of thousands of rules can be fixed at the right line.
 */
export class InvalidPathRuleError extends InvalidArgumentError {
  static override readonly kind: string = "InvalidPathRuleError";
  override readonly name: string = "InvalidPathRuleError";
  /** The index of the user's entry in `userPermissions`. */
  readonly userIndex: number;
  /** The index of the rule in that entry's `paths`. */
  readonly ruleIndex: number;
  /** The rule as given. */
  readonly path: string;
  /** What is wrong with it, such as `unclosed "["`. */
  readonly reason: string;

  constructor(
    message: string,
    options: Omit<SourcegraphErrorOptions, "code"> & {
      userIndex: number;
      ruleIndex: number;
      path: string;
      reason: string;
    },
  ) {
    super(message, {
      ...options,
      argument: `userPermissions[${options.userIndex}].paths[${options.ruleIndex}]`,
    });
    this.userIndex = options.userIndex;
    this.ruleIndex = options.ruleIndex;
    this.path = redactText(options.path);
    this.reason = options.reason;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      userIndex: this.userIndex,
      ruleIndex: this.ruleIndex,
      path: this.path,
      reason: this.reason,
    };
  }
}

/**
 * The server answered, but the object an operation needs does not exist or the viewer cannot see it (Sourcegraph
 * does not tell the two apart): for example the repository whose authorized users are listed.
 */
export class NotFoundError extends SourcegraphError {
  static override readonly kind: string = "NotFoundError";
  override readonly name: string = "NotFoundError";

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> = {}) {
    super(message, { isRetryable: false, ...options, code: "not_found" });
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

import { SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";
import { redactText } from "@sgkit/core/internal";

/** The kinds of resource name the explicit permissions API takes. */
export type ResourceKind = "repository" | "user" | "permission" | "parent";

/**
 * A resource name (or an id, username or email meant to become one) is malformed. Thrown before anything is
 * sent: a name that cannot be right would only come back as `invalid_argument`, or worse, match another
 * resource. The message quotes the value and lists the forms that are accepted; `value` and `kind` hold them.
 */
export class InvalidResourceNameError extends SourcegraphError {
  static override readonly kind: string = "InvalidResourceNameError";
  override readonly name: string = "InvalidResourceNameError";
  /**
   * The value as given (a string or a number), for programs that report it their own way. A string is redacted
   * like the message: a token pasted where a user belongs must not reach a log through this field either.
   */
  readonly value: unknown;
  /** What the value was meant to name. */
  readonly resourceKind: ResourceKind;

  constructor(
    message: string,
    options: Omit<SourcegraphErrorOptions, "code"> & { value: unknown; resourceKind: ResourceKind },
  ) {
    super(message, { isRetryable: false, ...options, code: "invalid_argument" });
    this.value = typeof options.value === "string" ? redactText(options.value) : options.value;
    this.resourceKind = options.resourceKind;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), value: this.value, resourceKind: this.resourceKind };
  }
}

import { redactText, SourcegraphError, type SourcegraphErrorOptions } from "@sgkit/core";

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

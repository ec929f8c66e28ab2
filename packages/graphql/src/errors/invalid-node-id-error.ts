import { redactText, type SourcegraphErrorOptions } from "@sgkit/core";
import { InvalidArgumentError } from "./invalid-argument-error.js";

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

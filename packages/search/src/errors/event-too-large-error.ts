import { SourcegraphError } from "@sgkit/core";

/** A server-sent event grew past the parser's `maxEventSize` before its blank line; the stream was cancelled. */
export class EventTooLargeError extends SourcegraphError {
  static override readonly kind: string = "EventTooLargeError";
  override readonly name: string = "EventTooLargeError";
  /** The limit that was exceeded, in bytes. */
  readonly maxEventSize: number;

  constructor(maxEventSize: number) {
    super(
      `A server-sent event exceeded the maximum size of ${maxEventSize} bytes; raise maxEventSize to accept it.`,
      { code: "resource_exhausted", isRetryable: false },
    );
    this.maxEventSize = maxEventSize;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), maxEventSize: this.maxEventSize };
  }
}

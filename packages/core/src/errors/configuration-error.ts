import { SourcegraphError, type SourcegraphErrorOptions } from "./sourcegraph-error.js";

/**
 * sgkit was set up wrongly and refused before sending anything: a bad endpoint or environment variable, an
 * empty token, a sudo username that would make an injectable header, a token about to go over plain HTTP.
 * The message names the setting at fault (an environment variable, an option, a file).
 */
export class ConfigurationError extends SourcegraphError {
  static override readonly kind: string = "ConfigurationError";
  override readonly name: string = "ConfigurationError";
  /** The setting at fault: `SRC_ENDPOINT`, `options.credentials`, a file path. */
  readonly setting: string | undefined;

  constructor(message: string, options: Omit<SourcegraphErrorOptions, "code"> & { setting?: string } = {}) {
    super(message, { isRetryable: false, ...options, code: "invalid_argument" });
    this.setting = options.setting;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), setting: this.setting };
  }
}

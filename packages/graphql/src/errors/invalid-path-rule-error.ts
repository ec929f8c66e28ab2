import { redactText, type SourcegraphErrorOptions } from "@sgkit/core";
import { InvalidArgumentError } from "./invalid-argument-error.js";

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

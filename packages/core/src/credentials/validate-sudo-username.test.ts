import { describe, expect, it } from "vitest";
import { validateSudoUsername } from "./validate-sudo-username.js";

describe("validateSudoUsername", () => {
  it.each(["alice", "alice.smith", "bob-1", "carol_2", "émile", "李雷"])("accepts %j", (user) => {
    expect(() => validateSudoUsername(user)).not.toThrow();
  });

  it.each([
    ["", "sudo username is empty"],
    ['ali"ce', `sudo username contains '"' at position 3`],
    ['alice",token="x', `sudo username contains '"' at position 5`],
    ["alice,bob", "sudo username contains ',' at position 5"],
    ["alice\\", "sudo username contains '\\' at position 5"],
    ["alice smith", "sudo username contains whitespace (U+0020) at position 5"],
    ["alice\tsmith", "sudo username contains whitespace (U+0009) at position 5"],
    ["alice\n", "sudo username contains whitespace (U+000A) at position 5"],
    ["alice\r\nX-Evil: 1", "sudo username contains whitespace (U+000D) at position 5"],
    ["\u00a0alice", "sudo username contains whitespace (U+00A0) at position 0"],
    ["alice\u0000", "sudo username contains a control character (U+0000) at position 5"],
    ["alice\u007f", "sudo username contains a control character (U+007F) at position 5"],
    ["alice\u0085", "sudo username contains a control character (U+0085) at position 5"],
    ["émile\u001b", "sudo username contains a control character (U+001B) at position 5"],
    ["😀a\u0000", "sudo username contains a control character (U+0000) at position 2"],
  ])("refuses %j", (user, message) => {
    expect(() => validateSudoUsername(user)).toThrow(configurationError(message));
    expect(() => validateSudoUsername(user)).toThrow(expect.objectContaining({ setting: "user" }));
  });

  it("refuses a username that is not a string, as from untyped configuration", () => {
    expect(() => validateSudoUsername(undefined as unknown as string)).toThrow("sudo username is missing");
  });
});

/** Matches a thrown ConfigurationError by its message: `toThrow(instance)` would compare every field. */
function configurationError(message: string) {
  return expect.objectContaining({ name: "ConfigurationError", message });
}

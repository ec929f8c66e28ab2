import { describe, expect, it } from "vitest";
import { REDACTED, redactText } from "./redact-text.js";
import { registerSecret } from "./secret-registry.js";

describe("redactText", () => {
  it("replaces registered secrets, longest first", () => {
    registerSecret("secret-value-1");
    registerSecret("secret-value-1-and-more");
    expect(redactText("a secret-value-1-and-more b secret-value-1 c")).toBe(`a ${REDACTED} b ${REDACTED} c`);
  });

  it("ignores secrets too short to be worth hiding", () => {
    registerSecret("abc");
    expect(redactText("abc")).toBe("abc");
  });

  it.each([
    ["sgp_0123456789abcdef_0123456789012345678901234567890123456789", REDACTED],
    ["sgp_local_0123456789012345678901234567890123456789", REDACTED],
    ["authorization: token 1234abcd", `authorization: ${REDACTED}`],
    ['{"Authorization":"Bearer xyz"}', `{"Authorization":"${REDACTED}"}`],
    ['token-sudo user="bob",token="t0k3n"', `token-sudo user="bob",token="${REDACTED}"`],
    ["commit 0123456789abcdef0123456789abcdef01234567", "commit 0123456789abcdef0123456789abcdef01234567"],
  ])("%s -> %s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
});

describe("redactText on prose", () => {
  it("redacts only the credential, not the rest of the sentence", () => {
    expect(redactText("sent Authorization: token abc123 but the server said no")).toBe(
      `sent Authorization: ${REDACTED} but the server said no`,
    );
  });
});

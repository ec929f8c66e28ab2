import { describe, expect, it } from "vitest";
import { REDACTED, redactHeaders, redactText, redactUrl, registerSecret } from "./redaction.js";

describe("registerSecret", () => {
  it("keeps a secret in use through more than the registry's capacity of other secrets", () => {
    const inUse = "in-use-secret-0123456789";
    registerSecret(inUse);
    for (let i = 0; i < 2000; i++) {
      registerSecret(`rotated-secret-${i}-abcdef`);
      registerSecret(inUse);
    }
    expect(redactText(`a ${inUse} b`)).toBe("a [REDACTED] b");
    // The oldest of the others went, the newest stayed.
    expect(redactText("rotated-secret-0-abcdef")).toBe("rotated-secret-0-abcdef");
    expect(redactText("rotated-secret-1999-abcdef")).toBe("[REDACTED]");
  });

  it("forgets a secret no longer used once 512 newer ones arrived", () => {
    const unused = "unused-secret-0123456789";
    registerSecret(unused);
    for (let i = 0; i < 600; i++) registerSecret(`later-secret-${i}-abcdef`);
    expect(redactText(unused)).toBe(unused);
  });
});

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

describe("redactHeaders", () => {
  it("hides credential-bearing headers and keeps the rest, names lowercased", () => {
    expect(
      redactHeaders({
        Authorization: "token x",
        "Proxy-Authorization": "Basic y",
        Cookie: "sgs=1",
        "X-Forwarded-Token": "z",
        "X-Api-Key": "k",
        Accept: "application/json",
        Location: "https://sso.example.com/cb?code=abc123&state=1",
      }),
    ).toEqual({
      authorization: "[REDACTED]",
      "proxy-authorization": "[REDACTED]",
      cookie: "[REDACTED]",
      "x-forwarded-token": "[REDACTED]",
      "x-api-key": "[REDACTED]",
      accept: "application/json",
      location: "https://sso.example.com/cb?code=%5BREDACTED%5D&state=1",
    });
  });
});

describe("redactUrl", () => {
  it.each([
    ["https://u:p@sg.example.com/x", "https://sg.example.com/x"],
    ["https://sg.example.com/cb?code=abc&state=1", "https://sg.example.com/cb?code=%5BREDACTED%5D&state=1"],
    [
      "https://sg.example.com/.api/search/stream?q=repo%3Ax",
      "https://sg.example.com/.api/search/stream?q=repo%3Ax",
    ],
  ])("%s -> %s", (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

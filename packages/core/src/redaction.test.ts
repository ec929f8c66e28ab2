import { describe, expect, it } from "vitest";
import { canarySecret, findSecretPiece, SECRET_KINDS } from "../test/support/secret-pieces.js";
import {
  REDACTED,
  redactAndClip,
  redactHeaders,
  redactText,
  redactTruncated,
  redactUrl,
  registerSecret,
} from "./redaction.js";

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

describe("redactAndClip", () => {
  it.each(SECRET_KINDS)("keeps no piece of %s that the cut falls inside", (kind) => {
    const secret = canarySecret(kind);
    for (let inside = 1; inside < secret.length; inside++) {
      const text = `${"x".repeat(100 - inside)}${secret} and more`;
      const clipped = redactAndClip(text, 100);
      expect(findSecretPiece(secret, clipped), `cut ${inside} characters into it`).toBeUndefined();
      expect(clipped.length).toBeLessThanOrEqual(101);
    }
  });

  it("cuts before a [REDACTED] rather than inside it, and leaves short text alone", () => {
    registerSecret("clip-secret-0a1b2c3d");
    expect(redactAndClip("abc clip-secret-0a1b2c3d def", 8)).toBe("abc …");
    expect(redactAndClip("abc clip-secret-0a1b2c3d def", 14)).toBe(`abc ${REDACTED}…`);
    expect(redactAndClip("abc clip-secret-0a1b2c3d def", 100)).toBe(`abc ${REDACTED} def`);
    expect(redactAndClip("abcdef", 3, { ellipsis: "" })).toBe("abc");
  });

  it("redacts only the start of a huge text, and nothing of a secret its bound cuts", () => {
    const secret = canarySecret("a bare 40-hex legacy token");
    const huge = `${"y".repeat(4 * 100 + 1024 - 20)}${secret}${"z".repeat(1_000_000)}`;
    expect(redactAndClip(huge, 100)).toBe(`${"y".repeat(100)}…`);
    // A long secret (an OAuth access token, say) shrinks so much once redacted that the bound's cut, 17
    // characters into the 8th copy, would show under the clip: its start is redacted as well.
    const jwt = `eyJ${"a1B2c3D4".repeat(25)}`.slice(0, 200);
    registerSecret(jwt);
    const clipped = redactAndClip(`${jwt} `.repeat(1000), 100);
    expect(clipped).toBe(`${`${REDACTED} `.repeat(7)}${REDACTED}…`);
    expect(findSecretPiece(jwt, clipped)).toBeUndefined();
  });
});

describe("redactTruncated", () => {
  it.each(SECRET_KINDS)("redacts the start of %s that a text cut short ends with", (kind) => {
    const secret = canarySecret(kind);
    for (let kept = 4; kept < secret.length; kept++) {
      const redacted = redactTruncated(`the server said: ${secret.slice(0, kept)}`);
      expect(redacted).toBe(`the server said: ${REDACTED}`);
    }
  });

  it("redacts a token-sudo value and an unregistered Sourcegraph token cut short", () => {
    expect(redactTruncated('token-sudo user="bob",token="0a1b2c')).toBe(
      `token-sudo user="bob",token="${REDACTED}`,
    );
    expect(redactTruncated("echo: sgp_0123")).toBe(`echo: ${REDACTED}`);
    expect(redactTruncated("echo: sgp_local_0123456789")).toBe(`echo: ${REDACTED}`);
  });

  it("leaves a text that ends in no secret's start as redactText does", () => {
    registerSecret("trunc-secret-9f8e7d");
    expect(redactTruncated("done trunc-secret-9f8e7d; ok")).toBe(`done ${REDACTED}; ok`);
    expect(redactTruncated("ends with tru")).toBe("ends with tru");
    expect(redactTruncated("")).toBe("");
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

import { describe, expect, it } from "vitest";
import { redactText } from "../redaction/redact-text.js";
import { headersFromEnv } from "./headers-from-env.js";

describe("headersFromEnv", () => {
  it.each([
    { case: "nothing set", env: { PATH: "/bin" }, expected: {} },
    {
      case: "SRC_HEADER_* names lowercased, underscores kept",
      env: { SRC_HEADER_X_FORWARDED_USER: "alice", SRC_HEADER_Custom: "1" },
      expected: { x_forwarded_user: "alice", custom: "1" },
    },
    { case: "empty SRC_HEADER_ values skipped", env: { SRC_HEADER_X: "", SRC_HEADER_: "v" }, expected: {} },
    { case: "prefix is case-sensitive", env: { src_header_x: "v" }, expected: {} },
    {
      case: "SRC_HEADERS lines",
      env: { SRC_HEADERS: "X-Forwarded-User: alice\nX-Team:platform\n" },
      expected: { "x-forwarded-user": "alice", "x-team": "platform" },
    },
    {
      case: "SRC_HEADERS with CRLF, blank lines and padding",
      env: { SRC_HEADERS: "\r\n  X-A :  1 \r\n\r\n\tX-B:2\r\n" },
      expected: { "x-a": "1", "x-b": "2" },
    },
    {
      case: "a colon inside a value",
      env: { SRC_HEADERS: "X-Time: 12:30:00" },
      expected: { "x-time": "12:30:00" },
    },
    { case: "an empty SRC_HEADERS value skipped", env: { SRC_HEADERS: "X-A:\nX-B:  " }, expected: {} },
    {
      case: "later SRC_HEADERS lines win",
      env: { SRC_HEADERS: "X-A: 1\nx-a: 2" },
      expected: { "x-a": "2" },
    },
    {
      case: "SRC_HEADER_* over SRC_HEADERS",
      env: { SRC_HEADER_X_A: "specific", SRC_HEADERS: "X_A: general" },
      expected: { x_a: "specific" },
    },
    {
      case: "same-name variables that agree",
      env: { SRC_HEADER_X: "1", SRC_HEADER_x: "1" },
      expected: { x: "1" },
    },
    {
      case: "a header named __proto__",
      env: { SRC_HEADERS: "__proto__: v" },
      expected: { ["__proto__"]: "v" },
    },
  ])("$case", ({ env, expected }) => {
    const headers = headersFromEnv(env);
    expect(headers).toEqual(expected);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });

  it.each([
    {
      case: "a line without a colon",
      env: { SRC_HEADERS: "X-A: 1\n\nsgp_local_notaheader" },
      setting: "SRC_HEADERS",
      message: 'SRC_HEADERS line 3 has no colon: each line must be "Name: value"',
    },
    {
      case: "header injection through a bare CR",
      env: { SRC_HEADERS: "X-A: 1\rX-Injected: yes" },
      setting: "SRC_HEADERS",
      message: "SRC_HEADERS line 1: the header value contains a line break or another control character",
    },
    {
      case: "header injection in SRC_HEADER_*",
      env: { SRC_HEADER_X_A: "1\r\nX-Injected: yes" },
      setting: "SRC_HEADER_X_A",
      message: "SRC_HEADER_X_A: the header value contains a line break or another control character",
    },
    {
      case: "a name with a space in SRC_HEADERS",
      env: { SRC_HEADERS: "X Auth: 1" },
      setting: "SRC_HEADERS",
      message: expect.stringMatching(/^SRC_HEADERS line 1: the header name must be an HTTP token/),
    },
    {
      case: "an empty name in SRC_HEADERS",
      env: { SRC_HEADERS: ": 1" },
      setting: "SRC_HEADERS",
      message: expect.stringMatching(/^SRC_HEADERS line 1: the header name must be an HTTP token/),
    },
    {
      case: "a bad name in SRC_HEADER_*",
      env: { "SRC_HEADER_X(Y)": "1" },
      setting: "SRC_HEADER_X(Y)",
      message: expect.stringMatching(/^SRC_HEADER_X\(Y\): the header name must be an HTTP token/),
    },
    {
      case: "same-name variables that disagree",
      env: { SRC_HEADER_X: "1", SRC_HEADER_x: "2" },
      setting: "SRC_HEADER_x",
      message: "SRC_HEADER_X and SRC_HEADER_x both set header x but to different values",
    },
  ])("refuses $case", ({ env, setting, message }) => {
    expect(() => headersFromEnv(env)).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting, message }),
    );
  });

  it("registers sensitive values from both forms for redaction", () => {
    headersFromEnv({
      SRC_HEADER_X_PROXY_TOKEN: "proxy-token-1f2e3d",
      SRC_HEADERS: "Cookie: session=cookie-4c5b6a\nX-User: user-4c5b6a",
    });
    expect(redactText("proxy-token-1f2e3d session=cookie-4c5b6a user-4c5b6a")).toBe(
      "[REDACTED] [REDACTED] user-4c5b6a",
    );
  });
});

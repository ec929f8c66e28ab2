import { describe, expect, it } from "vitest";
import { redactHeaders } from "./redact-headers.js";
import { redactUrl } from "./redact-url.js";

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

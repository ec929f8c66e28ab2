import { describe, expect, it } from "vitest";
import { createCanaryToken } from "../testing/create-canary-token.js";
import { findSecret } from "../testing/find-secret.js";
import { headerRecord } from "./header-record.js";

/** What fetch itself makes of `init`, or the error it throws. */
function asFetchSeesIt(init: HeadersInit): Record<string, string> | TypeError {
  try {
    return Object.fromEntries(new Headers(init));
  } catch (error) {
    return error as TypeError;
  }
}

function attempt(init: HeadersInit): Record<string, string> | TypeError {
  try {
    return headerRecord(init);
  } catch (error) {
    return error as TypeError;
  }
}

describe("headerRecord", () => {
  it("reads a plain record as fetch would, or refuses it as fetch would", () => {
    const records: Record<string, string>[] = [
      {},
      { "Content-Type": " application/json\t", Accept: "\r\n*/*\n" },
      { "X-A": "1", "x-a": "2", "X-a": "" },
      { "x-tab": "a\tb", "x-latin1": "caf\u00e9 \u00ff", constructor: "c", "!#$%&'*+.^_`|~": "t" },
      { "bad name": "x" },
      { "": "x" },
      { "x-caf\u00e9": "x" },
      { "x-a": "a\r\nb" },
      { "x-a": "a\nb" },
      { "x-a": "a\0b" },
      { "x-a": "\u0100" },
      { "x-a": "emoji \u{1f600}" },
    ];
    for (const init of records) {
      const expected = asFetchSeesIt(init);
      const actual = attempt(init);
      if (expected instanceof TypeError) expect(actual, JSON.stringify(init)).toBeInstanceOf(TypeError);
      else expect(actual, JSON.stringify(init)).toEqual(expected);
    }
  });

  it("reads Headers and lists of pairs through Headers", () => {
    expect(headerRecord(new Headers({ "X-A": "1" }))).toEqual({ "x-a": "1" });
    expect(
      headerRecord([
        ["X-A", "1"],
        ["x-a", "2"],
      ]),
    ).toEqual({ "x-a": "1, 2" });
    expect(() => headerRecord([["bad name", "1"]])).toThrow(TypeError);
  });

  it("names a refused header but never quotes its value", () => {
    const token = createCanaryToken();
    for (const [init, message] of [
      [{ "Bad Name": "x" }, /^"Bad Name" is not a valid HTTP header name\.$/],
      [{ "X-Token": `${token}\r\nX-Injected: 1` }, /^The value of the "x-token" header cannot be sent/],
      [{ "X-Token": `${token}\0` }, /^The value of the "x-token" header cannot be sent/],
      [{ "X-Token": `${token}\u0100` }, /^The value of the "x-token" header cannot be sent/],
    ] as const) {
      const error = attempt(init);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toMatch(message);
      expect(findSecret(token, error)).toBeUndefined();
    }
  });

  it("redacts a credential put in a name by a misplaced colon", () => {
    const token = createCanaryToken();
    const error = attempt({ [`Authorization: Bearer ${token}`]: "" });
    expect((error as TypeError).message).toMatch(/is not a valid HTTP header name/);
    expect(findSecret(token, error)).toBeUndefined();
  });
});

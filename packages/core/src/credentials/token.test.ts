import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { thrown } from "../../test/support/thrown.js";
import { ConfigurationError } from "../errors.js";
import { REDACTED, redactText } from "../redaction.js";
import { createTokenCredentials, normalizeToken, tokenFromEnv } from "./token.js";

const TOKEN = "sgp_0123456789abcdef_0000000000111111111122222222223333333333";

describe("createTokenCredentials", () => {
  it.each([
    ["graphql", `token ${TOKEN}`],
    ["search", `token ${TOKEN}`],
    ["http-api", `Bearer ${TOKEN}`],
  ] as const)("sends %s the header it accepts", async (api, header) => {
    const credentials = createTokenCredentials(`${TOKEN}\n`);
    expect(credentials.type).toBe("token");
    await expect(credentials.authorization(api)).resolves.toBe(header);
  });

  it("cannot refresh", () => {
    expect(createTokenCredentials(TOKEN).refresh).toBeUndefined();
  });

  it("refuses an empty or malformed token at creation", () => {
    expect(() => createTokenCredentials(" ")).toThrow(configurationError("token is empty"));
    expect(() => createTokenCredentials("tok en-123")).toThrow("token contains whitespace at position 3");
  });

  it("keeps the token out of its printed and serialized forms", () => {
    const credentials = createTokenCredentials(TOKEN);
    expect(inspect(credentials, { showHidden: true, depth: 10 })).not.toContain(TOKEN);
    expect(JSON.stringify(credentials)).toBe('{"type":"token"}');
  });
});

/** Matches a thrown ConfigurationError by its message: `toThrow(instance)` would compare every field. */
function configurationError(message: string) {
  return expect.objectContaining({ name: "ConfigurationError", message });
}

describe("normalizeToken", () => {
  it.each([
    ["plain", "tok-normalize-a1b2c3"],
    ["trailing newline", "tok-normalize-a1b2c3\n"],
    ["CRLF and spaces around", "  tok-normalize-a1b2c3\r\n"],
    ["byte order mark", "\ufefftok-normalize-a1b2c3"],
  ])("returns a %s token trimmed", (_name, value) => {
    expect(normalizeToken(value, "SRC_ACCESS_TOKEN")).toBe("tok-normalize-a1b2c3");
  });

  it.each([
    [undefined, "SRC_ACCESS_TOKEN is not set"],
    ["", "SRC_ACCESS_TOKEN is empty"],
    [" \n\t", "SRC_ACCESS_TOKEN is empty"],
  ])("refuses %j, naming the setting", (value, message) => {
    const error = thrown<Error>(() => normalizeToken(value, "SRC_ACCESS_TOKEN"));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ message, setting: "SRC_ACCESS_TOKEN", code: "invalid_argument" });
  });

  it.each([
    ["tok-normalize x1", "whitespace at position 13"],
    ["tok-normalize\tx2", "whitespace at position 13"],
    ["tok-normalize\nx3", "whitespace at position 13"],
    ["tok-normalize\r\nx4", "whitespace at position 13"],
    ["tok-normalize\u0000x5", "a control character at position 13"],
    ["tok-normalize\u007fx6", "a control character at position 13"],
    ["tok-normalize\u0085x7", "a control character at position 13"],
    ["tok-normalize\u00a0x8", "whitespace at position 13"],
    ["tok-normalize\u2028x9", "whitespace at position 13"],
    ["tok-normalizeéx10", "a non-ASCII character at position 13"],
    ["tok-normalize😀x11", "a non-ASCII character at position 13"],
  ])("refuses %j without quoting it", (value, problem) => {
    const error = thrown<Error>(() => normalizeToken(value, "token"));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`token contains ${problem}`);
    expect(error.message).not.toContain("tok-normalize");
  });

  it("registers the token for redaction, even one it refuses", () => {
    normalizeToken("tok-normalize-registered", "token");
    thrown<Error>(() => normalizeToken("tok-normalize refused", "token"));
    expect(redactText("a tok-normalize-registered b tok-normalize refused c")).toBe(
      `a ${REDACTED} b ${REDACTED} c`,
    );
  });
});

describe("tokenFromEnv", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads SRC_ACCESS_TOKEN from process.env by default, trimmed", () => {
    vi.stubEnv("SRC_ACCESS_TOKEN", "tok-env-default\n");
    expect(tokenFromEnv()).toBe("tok-env-default");
  });

  it("reads the named variable from the given environment", () => {
    expect(tokenFromEnv("SG_TOKEN", { SG_TOKEN: " tok-env-named " })).toBe("tok-env-named");
  });

  it.each([
    ["absent", {}, "SRC_ACCESS_TOKEN is not set"],
    ["empty", { SRC_ACCESS_TOKEN: "" }, "SRC_ACCESS_TOKEN is empty"],
    ["whitespace only", { SRC_ACCESS_TOKEN: "  \n" }, "SRC_ACCESS_TOKEN is empty"],
    [
      "with a space inside",
      { SRC_ACCESS_TOKEN: "tok-env a" },
      "SRC_ACCESS_TOKEN contains whitespace at position 7",
    ],
  ])("refuses a variable %s, naming it", (_name, env, message) => {
    expect(() => tokenFromEnv(undefined, env)).toThrow(ConfigurationError);
    expect(() => tokenFromEnv(undefined, env)).toThrow(message);
  });
});

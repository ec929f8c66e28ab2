import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors.js";
import { createSudoCredentials, validateSudoUsername } from "./sudo.js";

const TOKEN = "sgp_0123456789abcdef_4444444444555555555566666666667777777777";

describe("createSudoCredentials", () => {
  it.each(["graphql", "search"] as const)("sends %s a token-sudo header", async (api) => {
    const credentials = createSudoCredentials({ token: `${TOKEN}\n`, user: "alice.smith" });
    expect(credentials.type).toBe("sudo");
    await expect(credentials.authorization(api)).resolves.toBe(
      `token-sudo user="alice.smith",token="${TOKEN}"`,
    );
  });

  it("rejects the /api/ HTTP API, which has no sudo form", async () => {
    const credentials = createSudoCredentials({ token: TOKEN, user: "alice" });
    const error = await credentials.authorization("http-api").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/cannot call the \/api\/ HTTP API.*no sudo form/);
  });

  it("spells a non-ASCII username as UTF-8, one byte per character as fetch sends it", async () => {
    const credentials = createSudoCredentials({ token: TOKEN, user: "émile" });
    const header = await credentials.authorization("graphql");
    expect(header).toBe(`token-sudo user="\u00c3\u00a9mile",token="${TOKEN}"`);
    // fetch accepts it, and puts the UTF-8 bytes of the name on the wire.
    expect(new Headers({ authorization: header }).get("authorization")).toBe(header);
    expect(Buffer.from(header, "latin1").toString("utf8")).toContain('user="émile"');
  });

  it("validates the username at creation", () => {
    expect(() => createSudoCredentials({ token: TOKEN, user: 'al"ice' })).toThrow(
      `sudo username contains '"' at position 2`,
    );
  });

  it.each([
    ["", "token is empty"],
    ["tok en-sudo", "token contains whitespace at position 3"],
    ['tok"en-sudo', "token contains a quote, comma or backslash, which a token-sudo header cannot carry"],
    ["tok,en-sudo", "token contains a quote, comma or backslash, which a token-sudo header cannot carry"],
  ])("refuses the token %j at creation", (token, message) => {
    expect(() => createSudoCredentials({ token, user: "alice" })).toThrow(configurationError(message));
  });
});

/** Matches a thrown ConfigurationError by its message: `toThrow(instance)` would compare every field. */
function configurationError(message: string) {
  return expect.objectContaining({ name: "ConfigurationError", message });
}

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

import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { createSudoCredentials } from "./create-sudo-credentials.js";

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

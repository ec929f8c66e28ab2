import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createTokenCredentials } from "./create-token-credentials.js";

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

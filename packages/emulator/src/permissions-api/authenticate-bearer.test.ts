import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { loadSeed } from "../seed/load-seed.js";
import { authenticateBearer } from "./authenticate-bearer.js";

const secret = "sgp_local_00112233445566778899aabbccddeeff00112233";
const state = loadSeed({
  users: [{ id: 1, username: "admin", siteAdmin: true }],
  tokens: [{ name: "admin", user: "admin", scopes: ["externalapi:read"], value: secret }],
});

function refusal(headers: Record<string, string>): string {
  try {
    authenticateBearer(state, new Headers(headers));
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Unauthenticated);
    expect((error as ConnectError).metadata.get("www-authenticate")).toBe("Bearer");
    const message = (error as ConnectError).rawMessage;
    expect(message).not.toContain(secret);
    return message;
  }
  throw new Error("accepted");
}

describe("authenticateBearer", () => {
  it("accepts Authorization: Bearer <token>, the scheme in any case", () => {
    expect(authenticateBearer(state, new Headers({ authorization: `Bearer ${secret}` })).user.username).toBe(
      "admin",
    );
    expect(authenticateBearer(state, new Headers({ authorization: `bearer  ${secret} ` })).token.name).toBe(
      "admin",
    );
  });

  it("refuses the GraphQL token schemes", () => {
    expect(refusal({ authorization: `token ${secret}` })).toMatch(
      /only as Authorization: Bearer <token>, not the "token" scheme/,
    );
    expect(refusal({ authorization: `token-sudo user="admin",token="${secret}"` })).toMatch(
      /"token-sudo" scheme/,
    );
  });

  it("refuses a session cookie, and no credentials at all", () => {
    expect(refusal({ cookie: "sgs=session" })).toMatch(/session cookies are not accepted/);
    expect(refusal({})).toMatch(/^no access token/);
  });

  it("refuses malformed headers and unknown tokens with the documented wording", () => {
    expect(refusal({ authorization: "Bearer" })).toBe("Invalid Authorization header.");
    expect(refusal({ authorization: `Basic ${secret}` })).toBe("Invalid Authorization header.");
    expect(refusal({ authorization: `Bearer ${secret} extra` })).toBe("Invalid Authorization header.");
    expect(refusal({ authorization: `Bearer ${secret}x` })).toBe("Invalid access token.");
  });
});

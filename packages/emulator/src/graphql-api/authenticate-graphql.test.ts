import { describe, expect, it } from "vitest";
import { EmulatorState } from "../state/emulator-state.js";
import {
  authenticateGraphQL,
  MalformedAuthorizationError,
  parseGraphQLAuthorization,
} from "./authenticate-graphql.js";

const basic = (user: string, password = "x") =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("parseGraphQLAuthorization", () => {
  it.each([
    [undefined, { kind: "anonymous" }],
    ["", { kind: "anonymous" }],
    ["token abc", { kind: "token", scheme: "token", token: "abc" }],
    ["token abc==", { kind: "token", scheme: "token", token: "abc==" }],
    ['token token="abc"', { kind: "token", scheme: "token", token: "abc" }],
    ["token token=abc", { kind: "token", scheme: "token", token: "abc" }],
    ['token TOKEN="abc", note=x', { kind: "token", scheme: "token", token: "abc" }],
    // An element without a value makes the whole rest one token, which then matches no token (401).
    ["token a b", { kind: "token", scheme: "token", token: "a b" }],
    ["token token=", { kind: "token", scheme: "token", token: "token=" }],
    ["Bearer abc", { kind: "token", scheme: "bearer", token: "abc" }],
    ["bearer abc", { kind: "token", scheme: "bearer", token: "abc" }],
    [basic("abc"), { kind: "token", scheme: "basic", token: "abc" }],
    ['token-sudo user="bob",token="abc"', { kind: "sudo", user: "bob", token: "abc" }],
    ['token-sudo token="abc",user="bob"', { kind: "sudo", user: "bob", token: "abc" }],
    ["token-sudo token=abc, user=bob", { kind: "sudo", user: "bob", token: "abc" }],
    ['token-sudo USER=bob,TOKEN="abc"', { kind: "sudo", user: "bob", token: "abc" }],
    ['token-sudo token="a,b", user="bob"', { kind: "sudo", user: "bob", token: "a,b" }],
    // token-sudo without a user is a plain access token (and then needs user:all).
    ["token-sudo token=abc", { kind: "token", scheme: "token", token: "abc" }],
  ])("reads %j", (header, credentials) => {
    expect(parseGraphQLAuthorization(header)).toEqual(credentials);
  });

  it.each([
    // The scheme must be exactly `token` or `token-sudo`: anything else is ignored, as is a repeated parameter.
    "Token abc",
    "TOKEN-SUDO user=bob,token=abc",
    "Basic YWxhZGRpbg==",
    "Basic not-base64!",
    basic(""),
    "Digest username=abc",
    "Bearer",
    "Bearer a b",
    "token token=a,token=b",
    "token token=a, TOKEN=b",
    "xyz k=v, k=v",
  ])("ignores %j (the request goes on as anonymous)", (header) => {
    expect(parseGraphQLAuthorization(header)).toEqual({ kind: "ignored" });
  });

  it.each([
    "token",
    "token ",
    'token token=""',
    "token user=bob",
    "token-sudo",
    "token-sudo abc",
    'token-sudo user="bob"',
    'token-sudo token="",user="bob"',
  ])("refuses %j as malformed", (header) => {
    expect(() => parseGraphQLAuthorization(header)).toThrow(MalformedAuthorizationError);
  });

  it("never puts the header in its messages", () => {
    const secret = "sgp_local_00112233445566778899aabbccddeeff00112233";
    for (const header of [`token-sudo ${secret}`, `token user=${secret}`]) {
      try {
        parseGraphQLAuthorization(header);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });
});

describe("authenticateGraphQL", () => {
  const state = new EmulatorState();
  state.users.add({ id: 1, username: "Admin", email: undefined, siteAdmin: true, rbac: new Set() });
  state.users.add({
    id: 2,
    username: "alice",
    email: "alice@example.com",
    siteAdmin: false,
    rbac: new Set(),
  });
  const tokens: Array<[string, number, string[]]> = [
    ["t-all", 2, ["user:all"]],
    ["t-api", 2, ["externalapi:read", "externalapi:write"]],
    ["t-sudo", 1, ["site-admin:sudo"]],
    ["t-admin-api", 1, ["externalapi:read", "externalapi:write"]],
    ["t-alice-sudo", 2, ["user:all", "site-admin:sudo"]],
  ];
  for (const [value, userId, scopes] of tokens) {
    state.tokens.add({ name: value, value, userId, scopes: new Set(scopes) });
  }
  state.tokens.add({
    name: "o-all",
    value: "o-all",
    userId: 2,
    scopes: new Set(["user:all"]),
    kind: "oauth",
  });
  state.tokens.add({
    name: "o-api",
    value: "o-api",
    userId: 2,
    scopes: new Set(["externalapi:read"]),
    kind: "oauth",
  });
  const who = (header: string | undefined) => {
    const answer = authenticateGraphQL(state, header);
    return answer.ok ? (answer.viewer?.username ?? "anonymous") : `${answer.status} ${answer.message}`;
  };

  it("needs the user:all scope for token, Bearer (OAuth tokens) and Basic", () => {
    expect(who("token t-all")).toBe("alice");
    expect(who("Bearer o-all")).toBe("alice");
    expect(who(basic("t-all"))).toBe("alice");
    for (const header of ["token t-api", "Bearer o-api", basic("t-api"), "token t-sudo", "token t-unknown"]) {
      expect(who(header)).toBe("401 Invalid access token.");
    }
  });

  it("AUTH-6: ignores a personal access token sent as Bearer (anonymous), as the server ignores the scheme", () => {
    for (const header of ["Bearer t-all", "Bearer t-api", "Bearer t-unknown"])
      expect(who(header)).toBe("anonymous");
  });

  it("needs site-admin:sudo (and not user:all) for token-sudo, then a site admin, then an existing user", () => {
    expect(who("token-sudo token=t-sudo,user=alice")).toBe("alice");
    // Usernames are matched in any case.
    expect(who("token-sudo token=t-sudo,user=ALICE")).toBe("alice");
    expect(who("token-sudo token=t-admin-api,user=alice")).toBe("401 Invalid access token.");
    expect(who("token-sudo token=t-all,user=alice")).toBe("401 Invalid access token.");
    expect(who("token-sudo token=t-alice-sudo,user=Admin")).toBe(
      "403 The subject user of a sudo access token must be a site admin.",
    );
    expect(who("token-sudo token=t-sudo,user=nobody")).toBe("403 Unable to sudo to nonexistent user.");
    const sudo = authenticateGraphQL(state, "token-sudo token=t-sudo,user=alice");
    expect(sudo.ok && sudo.sudoFrom?.username).toBe("Admin");
  });

  it("treats no header, and an ignored one, as anonymous; a malformed token header is 401", () => {
    expect(who(undefined)).toBe("anonymous");
    expect(who("Token t-all")).toBe("anonymous");
    expect(who("token token=t-all,token=t-all")).toBe("anonymous");
    expect(who("token")).toBe("401 Invalid Authorization header.");
    expect(who("token-sudo t-sudo")).toBe("401 Invalid Authorization header.");
  });
});

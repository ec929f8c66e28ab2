import { describe, expect, it } from "vitest";
import { MalformedAuthorizationError, parseGraphQLAuthorization } from "./authenticate-graphql.js";

describe("parseGraphQLAuthorization", () => {
  it.each([
    [undefined, { kind: "anonymous" }],
    ["token abc", { kind: "token", scheme: "token", token: "abc" }],
    ["Token abc", { kind: "token", scheme: "token", token: "abc" }],
    ['token token="abc"', { kind: "token", scheme: "token", token: "abc" }],
    ["token token=abc", { kind: "token", scheme: "token", token: "abc" }],
    ["Bearer abc", { kind: "token", scheme: "bearer", token: "abc" }],
    ["bearer abc", { kind: "token", scheme: "bearer", token: "abc" }],
    ['token-sudo user="bob",token="abc"', { kind: "sudo", user: "bob", token: "abc" }],
    ['token-sudo token="abc",user="bob"', { kind: "sudo", user: "bob", token: "abc" }],
    ["token-sudo token=abc, user=bob", { kind: "sudo", user: "bob", token: "abc" }],
    ['TOKEN-SUDO USER=bob,TOKEN="abc"', { kind: "sudo", user: "bob", token: "abc" }],
  ])("reads %j", (header, credentials) => {
    expect(parseGraphQLAuthorization(header)).toEqual(credentials);
  });

  it.each([
    "",
    "token",
    "token ",
    'token token=""',
    "token a b",
    "token user=bob",
    "token token=a,token=b",
    "Bearer",
    "Bearer a b",
    "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
    "token-sudo token=abc",
    'token-sudo user="bob"',
    "token-sudo token=abc user=bob",
    "token-sudo token=abc,user=bob,extra=1",
    'token-sudo token="abc"x,user=bob',
    'token-sudo user="a\nb",token=abc',
  ])("refuses %j as malformed", (header) => {
    expect(() => parseGraphQLAuthorization(header)).toThrow(MalformedAuthorizationError);
  });

  it("never puts the header in its messages", () => {
    const secret = "sgp_local_00112233445566778899aabbccddeeff00112233";
    for (const header of [`token-sudo token=${secret}`, `Basic ${secret}`, `token ${secret} x`]) {
      try {
        parseGraphQLAuthorization(header);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });
});

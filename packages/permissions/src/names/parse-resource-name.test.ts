import { describe, expect, it } from "vitest";
import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { parseResourceName } from "./parse-resource-name.js";

describe("parseResourceName", () => {
  it.each([
    ["repositories/123", { kind: "repository", repositoryId: 123 }],
    ["users/456", { kind: "user", user: { form: "id", id: 456 } }],
    ["users/@alice", { kind: "user", user: { form: "username", username: "alice" } }],
    ["users/@a.l-i_ce9", { kind: "user", user: { form: "username", username: "a.l-i_ce9" } }],
    ["users/alice@example.com", { kind: "user", user: { form: "email", email: "alice@example.com" } }],
    [
      "users/Alice.Smith+ci@Example.COM",
      { kind: "user", user: { form: "email", email: "Alice.Smith+ci@Example.COM" } },
    ],
    [
      "repositories/123/explicitRepoPermissions/456",
      {
        kind: "permission",
        repositoryId: 123,
        repository: "repositories/123",
        user: "users/456",
        userRef: { form: "id", id: 456 },
      },
    ],
    [
      "repositories/123/explicitRepoPermissions/@alice",
      {
        kind: "permission",
        repository: "repositories/123",
        user: "users/@alice",
        userRef: { form: "username", username: "alice" },
      },
    ],
    [
      "repositories/123/explicitRepoPermissions/alice@example.com",
      {
        kind: "permission",
        repository: "repositories/123",
        user: "users/alice@example.com",
        userRef: { form: "email", email: "alice@example.com" },
      },
    ],
  ])("parses %s", (name, expected) => {
    expect(parseResourceName(name)).toMatchObject({ name, ...expected });
  });

  it.each([
    "",
    " repositories/123",
    "repositories/123 ",
    "repositories/123/",
    "repositories//123",
    "repositories/0",
    "repositories/0123",
    "repositories/-1",
    "repositories/+1",
    "repositories/1e3",
    "repositories/12.5",
    "repositories/99999999999999999999",
    "repositories/2147483648",
    "users/2147483648",
    "repositories/1/explicitRepoPermissions/2147483648",
    "repositories/github.com/acme/api",
    "Repositories/123",
    "repository/123",
    "users/",
    "users/alice",
    "users/@",
    "users/@-alice",
    "users/@al ice",
    "users/@alice/x",
    "users/@al%2Fice",
    "users/@alice?x=1",
    "users/@@alice",
    "users/@alice@example.com",
    "users/alice@",
    "users/al ice@example.com",
    "users/alice@exa#mple.com",
    "users/alice\n@example.com",
    `users/${"a".repeat(320)}@example.com`,
    `users/@${"a".repeat(256)}`,
    "repositories/123/explicitRepoPermissions",
    "repositories/123/explicitRepoPermissions/",
    "repositories/123/explicitRepoPermissions/alice",
    "repositories/123/explicitrepopermissions/@alice",
    "repositories/123/explicitRepoPermissions/@alice/extra",
    "repositories/abc/explicitRepoPermissions/@alice",
    "users/456/explicitRepoPermissions/123",
    "sgp_0123456789abcdef_0123456789abcdef0123456789abcdef01234567",
  ])("refuses %j with an InvalidResourceNameError naming it", (name) => {
    let error: unknown;
    try {
      parseResourceName(name);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidResourceNameError);
    expect(error).toMatchObject({ code: "invalid_argument", isRetryable: false, resourceKind: "parent" });
    if (!name.startsWith("sgp_")) {
      expect((error as Error).message).toContain(JSON.stringify(name).slice(0, 60));
    }
  });

  it("accepts only the expected kind when told", () => {
    expect(parseResourceName("repositories/1", "repository").repositoryId).toBe(1);
    expect(parseResourceName("users/@a", "user").user).toEqual({ form: "username", username: "a" });
    expect(parseResourceName("repositories/1", "parent").kind).toBe("repository");
    expect(parseResourceName("users/1", "parent").kind).toBe("user");
    expect(() => parseResourceName("users/1", "repository")).toThrow(
      /Invalid repository name "users\/1": expected repositories\/\{numeric id\}/,
    );
    expect(() => parseResourceName("repositories/1", "user")).toThrow(InvalidResourceNameError);
    expect(() => parseResourceName("repositories/1", "permission")).toThrow(/explicitRepoPermissions/);
    expect(() => parseResourceName("repositories/1/explicitRepoPermissions/2", "parent")).toThrow(
      /Invalid parent name/,
    );
  });

  it("refuses non-strings without throwing anything but its own error", () => {
    for (const value of [123, null, undefined, {}]) {
      expect(() => parseResourceName(value as unknown as string)).toThrow(InvalidResourceNameError);
    }
  });

  it("clips a long value in the message and redacts a token pasted by mistake", () => {
    let message = "";
    try {
      parseResourceName(`users/${"x".repeat(500)}`);
    } catch (caught) {
      message = (caught as InvalidResourceNameError).message;
    }
    expect(message.length).toBeGreaterThan(0);
    expect(message.length).toBeLessThan(400);
    const token = "sgp_0123456789abcdef_0123456789abcdef0123456789abcdef01234567";
    try {
      parseResourceName(`users/${token}`);
    } catch (caught) {
      const invalid = caught as InvalidResourceNameError;
      expect(invalid.message).not.toContain(token);
      expect(JSON.stringify(invalid)).not.toContain(token);
      expect(invalid.value).not.toContain(token);
    }
  });
});

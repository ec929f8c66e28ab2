import { describe, expect, it } from "vitest";
import { InvalidResourceNameError } from "./errors/invalid-resource-name-error.js";
import {
  describeValue,
  parseNumericId,
  parseResourceName,
  parseUserPart,
  permissionName,
  permissionNameOf,
  repositoryName,
  userName,
} from "./names.js";

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

describe("repositoryName", () => {
  it.each([
    [123, "repositories/123"],
    ["123", "repositories/123"],
    ["repositories/123", "repositories/123"],
    [2 ** 31 - 1, "repositories/2147483647"],
  ])("names %j %s", (input, expected) => {
    expect(repositoryName(input)).toBe(expected);
  });

  it.each([
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 31,
    "2147483648",
    "repositories/2147483648",
    "",
    "0",
    "0123",
    "abc",
    "github.com/acme/api",
    "repositories/",
    "repositories/repositories/1",
    "users/1",
    " 1",
  ])("refuses %j, saying what an id is", (input) => {
    expect(() => repositoryName(input)).toThrow(InvalidResourceNameError);
    expect(() => repositoryName(input)).toThrow(/database id/);
  });

  it("refuses values that are not strings or numbers", () => {
    expect(() => repositoryName(undefined as unknown as string)).toThrow(InvalidResourceNameError);
    expect(() => repositoryName({} as unknown as string)).toThrow(/Invalid repository object/);
  });
});

describe("userName", () => {
  it.each([
    [456, "users/456"],
    ["456", "users/456"],
    ["@alice", "users/@alice"],
    ["alice@example.com", "users/alice@example.com"],
    ["Alice@Example.com", "users/Alice@Example.com"],
    ["users/456", "users/456"],
    ["users/@alice", "users/@alice"],
    ["users/alice@example.com", "users/alice@example.com"],
  ])("names %j %s", (input, expected) => {
    expect(userName(input)).toBe(expected);
  });

  it.each([
    "alice",
    "",
    "@",
    "users/",
    "users/alice",
    "users/users/456",
    "0",
    "2147483648",
    "users/2147483648",
    2 ** 31,
    -5,
    0,
    4.5,
    "@al/ice",
    "a@b@c",
    " @alice",
  ])("refuses %j rather than guessing", (input) => {
    expect(() => userName(input)).toThrow(InvalidResourceNameError);
  });

  it("says which forms it takes", () => {
    expect(() => userName("alice")).toThrow(
      'Invalid user "alice": expected a numeric user id (456; 1 to 2147483647), @username, an email address, or users/{numeric id}, users/@{username} or users/{email}.',
    );
    try {
      userName("alice");
    } catch (error) {
      expect(error).toMatchObject({ value: "alice", resourceKind: "user", code: "invalid_argument" });
    }
  });
});

describe("permissionName", () => {
  it.each([
    [123, 456, "repositories/123/explicitRepoPermissions/456"],
    ["repositories/123", "@alice", "repositories/123/explicitRepoPermissions/@alice"],
    ["123", "users/alice@example.com", "repositories/123/explicitRepoPermissions/alice@example.com"],
    [123, "users/456", "repositories/123/explicitRepoPermissions/456"],
  ])("names (%j, %j) %s, which parses back", (repository, user, expected) => {
    expect(permissionName(repository, user)).toBe(expected);
    expect(parseResourceName(expected, "permission").name).toBe(expected);
  });

  it("refuses a malformed repository or user", () => {
    expect(() => permissionName("repo", "@alice")).toThrow(InvalidResourceNameError);
    expect(() => permissionName(123, "alice")).toThrow(InvalidResourceNameError);
  });
});

describe("permissionNameOf", () => {
  it("keeps the user's form after explicitRepoPermissions/", () => {
    expect(permissionNameOf("repositories/123", "users/456")).toBe(
      "repositories/123/explicitRepoPermissions/456",
    );
    expect(permissionNameOf("repositories/1", "users/@alice")).toBe(
      "repositories/1/explicitRepoPermissions/@alice",
    );
    expect(permissionNameOf("repositories/1", "users/a@example.com")).toBe(
      "repositories/1/explicitRepoPermissions/a@example.com",
    );
  });
});

describe("parseUserPart", () => {
  it("tells the three user forms apart", () => {
    expect(parseUserPart("456")).toEqual({ form: "id", id: 456 });
    expect(parseUserPart("@alice")).toEqual({ form: "username", username: "alice" });
    expect(parseUserPart("alice@example.com")).toEqual({ form: "email", email: "alice@example.com" });
  });

  it("refuses what would change a path or a header", () => {
    for (const part of [
      "alice",
      "@",
      "@ alice",
      "@al\u0000ice",
      "al\tice@x",
      "a@b/c",
      "a@b?c",
      "a@b#c",
      "a@b%2f",
      'a"@b',
      "a@b\r\n",
    ]) {
      expect(parseUserPart(part)).toBeUndefined();
    }
  });
});

describe("parseNumericId", () => {
  it("takes one spelling of a whole number from 1 to 2^31 - 1, the range of Sourcegraph's ids", () => {
    expect(parseNumericId("1")).toBe(1);
    expect(parseNumericId(42)).toBe(42);
    expect(parseNumericId("2147483647")).toBe(2 ** 31 - 1);
    expect(parseNumericId(2 ** 31 - 1)).toBe(2 ** 31 - 1);
    for (const value of [
      "",
      "0",
      "01",
      "+1",
      "-1",
      "1e3",
      "0x10",
      "1.0",
      " 1",
      "2147483648",
      2 ** 31,
      Number.MAX_SAFE_INTEGER,
      "9007199254740993",
      Number.NaN,
      0,
      -1,
      1.5,
    ]) {
      expect(parseNumericId(value)).toBeUndefined();
    }
  });
});

describe("describeValue", () => {
  it("quotes strings so that blanks show, clips long ones, and names other types", () => {
    expect(describeValue(" a\n")).toBe('" a\\n"');
    expect(describeValue("x".repeat(150))).toBe(JSON.stringify(`${"x".repeat(100)}…`));
    expect(describeValue(12)).toBe("12");
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue({ token: "secret" })).toBe("object");
  });
});

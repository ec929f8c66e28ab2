// The documentation's examples (docs/sourcegraph-api-facts.md), sent to the emulator as raw HTTP requests, the
// way `curl -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '<json>' <url>`
// sends them, and the answers compared field by field with the documented ones. No client, no nock.

import { beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { ALICE, REPO, startTestEmulator } from "./support/emulator.js";

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startTestEmulator();
  // The documentation's ids exist: repository 123 and user 456.
  expect(emulator.state.repositories.byId(REPO)?.id).toBe(123);
  expect(emulator.state.users.byId(ALICE)?.id).toBe(456);
});

/** What curl would send: the exact JSON text given, Bearer auth, `Content-Type: application/json`. */
async function curl(
  method: string,
  body: string,
  authorization = `Bearer ${emulator.token("admin")}`,
): Promise<{ status: number; contentType: string | null; json: unknown }> {
  const response = await fetch(`${emulator.url}/api/explicitrepopermissions.v1.Service/${method}`, {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    json: JSON.parse(text),
  };
}

/** The documented permission, as the documentation prints it. */
const DOCUMENTED_PERMISSION = JSON.parse(
  '{"name":"repositories/123/explicitRepoPermissions/456","user":"users/456","repository":"repositories/123"}',
);

/** Compares field by field, so that a failure names the field; no field may be missing or extra. */
function expectFields(actual: unknown, documented: Record<string, unknown>) {
  expect(typeof actual).toBe("object");
  const object = actual as Record<string, unknown>;
  expect(Object.keys(object).sort()).toEqual(Object.keys(documented).sort());
  for (const [field, value] of Object.entries(documented)) {
    expect({ field, value: object[field] }).toEqual({ field, value });
  }
}

describe("CreateExplicitRepoPermission", () => {
  it("HTTP-6: with the repository as parent answers the documented permission", async () => {
    const answer = await curl(
      "CreateExplicitRepoPermission",
      '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/456"}}',
    );
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expectFields(answer.json, DOCUMENTED_PERMISSION);
    expect(emulator.state.permissions.has(123, 456)).toBe(true);
  });

  it("with the user as parent answers the same permission", async () => {
    const answer = await curl(
      "CreateExplicitRepoPermission",
      '{"parent":"users/456","explicit_repo_permission":{"repository":"repositories/123"}}',
    );
    expect(answer.status).toBe(200);
    expectFields(answer.json, DOCUMENTED_PERMISSION);
  });

  it.each([
    ["users/@alice", '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/@alice"}}'],
    [
      "users/{email}",
      '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/alice@example.com"}}',
    ],
    [
      "users/@alice as parent",
      '{"parent":"users/@alice","explicit_repo_permission":{"repository":"repositories/123"}}',
    ],
    ["lowerCamelCase", '{"parent":"repositories/123","explicitRepoPermission":{"user":"users/456"}}'],
  ])("with %s answers numeric ids", async (_form, body) => {
    const answer = await curl("CreateExplicitRepoPermission", body);
    expect(answer.status).toBe(200);
    expectFields(answer.json, DOCUMENTED_PERMISSION);
  });
});

describe("GetExplicitRepoPermission", () => {
  it.each([
    '{"name":"repositories/123/explicitRepoPermissions/456"}',
    '{"name":"repositories/123/explicitRepoPermissions/@alice"}',
    '{"name":"repositories/123/explicitRepoPermissions/alice@example.com"}',
  ])("%s answers the documented permission", async (body) => {
    emulator.state.permissions.add(123, 456);
    const answer = await curl("GetExplicitRepoPermission", body);
    expect(answer.status).toBe(200);
    expectFields(answer.json, DOCUMENTED_PERMISSION);
  });
});

describe("ListExplicitRepoPermissions", () => {
  it("answers {explicit_repo_permissions, next_page_token}, page after page", async () => {
    emulator.state.permissions.add(123, 456);
    emulator.state.permissions.add(123, 457);
    const first = await curl("ListExplicitRepoPermissions", '{"parent":"repositories/123","page_size":1}');
    expect(first.status).toBe(200);
    const page = first.json as { explicit_repo_permissions: unknown[]; next_page_token: string };
    expect(Object.keys(page).sort()).toEqual(["explicit_repo_permissions", "next_page_token"]);
    expect(page.explicit_repo_permissions).toHaveLength(1);
    expectFields(page.explicit_repo_permissions[0], DOCUMENTED_PERMISSION);
    expect(page.next_page_token).toEqual(expect.any(String));
    expect(page.next_page_token).not.toBe("");

    const second = await curl(
      "ListExplicitRepoPermissions",
      JSON.stringify({ parent: "repositories/123", page_size: 1, page_token: page.next_page_token }),
    );
    expect(second.status).toBe(200);
    // The last page: an empty next_page_token, which protobuf's JSON leaves out (an absent field is its default).
    const last = second.json as Record<string, unknown>;
    expect(last.next_page_token ?? "").toBe("");
    expect(Object.keys(last).filter((k) => k !== "next_page_token")).toEqual(["explicit_repo_permissions"]);
    expectFields((last.explicit_repo_permissions as unknown[])[0], {
      name: "repositories/123/explicitRepoPermissions/457",
      user: "users/457",
      repository: "repositories/123",
    });
  });

  it("by the user parent, with lowerCamelCase pageSize", async () => {
    emulator.state.permissions.add(123, 456);
    const answer = await curl("ListExplicitRepoPermissions", '{"parent":"users/456","pageSize":10}');
    expect(answer.status).toBe(200);
    const page = answer.json as { explicit_repo_permissions: unknown[] };
    // Seeded: alice on 124 too.
    expect(page.explicit_repo_permissions).toHaveLength(2);
    expectFields(page.explicit_repo_permissions[0], DOCUMENTED_PERMISSION);
  });
});

describe("DeleteExplicitRepoPermission", () => {
  it("HTTP-8: answers {}", async () => {
    emulator.state.permissions.add(123, 456);
    const answer = await curl(
      "DeleteExplicitRepoPermission",
      '{"name":"repositories/123/explicitRepoPermissions/456"}',
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toStrictEqual({});
    expect(emulator.state.permissions.has(123, 456)).toBe(false);
  });
});

describe("Connect errors: JSON {code, message} with the documented HTTP status", () => {
  it.each<
    [code: string, status: number, method: string, body: string, setup?: (e: Emulator) => string | undefined]
  >([
    [
      "not_found",
      404,
      "GetExplicitRepoPermission",
      '{"name":"repositories/123/explicitRepoPermissions/456"}',
    ],
    [
      "already_exists",
      409,
      "CreateExplicitRepoPermission",
      '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/456"}}',
      (e) => {
        e.state.permissions.add(123, 456);
        return undefined;
      },
    ],
    [
      "unauthenticated",
      401,
      "GetExplicitRepoPermission",
      '{"name":"repositories/123/explicitRepoPermissions/456"}',
      () => "Bearer sgp_local_0000000000000000000000000000000000000000",
    ],
    [
      "unauthenticated",
      401,
      "GetExplicitRepoPermission",
      '{"name":"repositories/123/explicitRepoPermissions/456"}',
      (e) => `token ${e.token("admin")}`,
    ],
    [
      "permission_denied",
      403,
      "CreateExplicitRepoPermission",
      '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/456"}}',
      (e) => `Bearer ${e.token("readScopeOnly")}`,
    ],
    [
      "failed_precondition",
      400,
      "ListExplicitRepoPermissions",
      '{"parent":"repositories/123"}',
      (e) => {
        e.state.license = false;
        return undefined;
      },
    ],
    ["invalid_argument", 400, "ListExplicitRepoPermissions", '{"parent":"repositories/abc"}'],
    ["invalid_argument", 400, "ListExplicitRepoPermissions", '{"parent":"repositories/123","page_size":-1}'],
  ])("HTTP-10: %s is HTTP %i (%s)", async (code, status, method, body, setup) => {
    const authorization = setup?.(emulator);
    const answer = await curl(method, body, authorization);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/json/);
    const error = answer.json as Record<string, unknown>;
    expect(
      Object.keys(error)
        .filter((k) => k !== "details")
        .sort(),
    ).toEqual(["code", "message"]);
    expect(error.code).toBe(code);
    expect(error.message).toEqual(expect.any(String));
    expect(error.message).not.toBe("");
  });
});

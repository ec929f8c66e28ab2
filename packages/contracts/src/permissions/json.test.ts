import {
  create,
  fromBinary,
  fromJson,
  fromJsonString,
  type JsonObject,
  toBinary,
  toJson,
  toJsonString,
} from "@bufbuild/protobuf";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import {
  CreateExplicitRepoPermissionRequestSchema,
  DeleteExplicitRepoPermissionRequestSchema,
  ExplicitRepoPermissionSchema,
  GetExplicitRepoPermissionRequestSchema,
  ListExplicitRepoPermissionsRequestSchema,
  ListExplicitRepoPermissionsResponseSchema,
} from "../permissions.js";

// The documentation shows the wire JSON with the proto (snake_case) field names; Connect servers are configured
// the same way, so these tests pin the exact documented text.
const snake = { useProtoFieldName: true } as const;

const documentedPermission =
  '{"name":"repositories/123/explicitRepoPermissions/456","user":"users/456","repository":"repositories/123"}';
const permission = () =>
  create(ExplicitRepoPermissionSchema, {
    name: "repositories/123/explicitRepoPermissions/456",
    user: "users/456",
    repository: "repositories/123",
  });

describe("ExplicitRepoPermission JSON", () => {
  it("serializes to exactly the documented JSON", () => {
    expect(toJsonString(ExplicitRepoPermissionSchema, permission(), snake)).toBe(documentedPermission);
  });

  it("round-trips the documented JSON", () => {
    const parsed = fromJsonString(ExplicitRepoPermissionSchema, documentedPermission);
    expect(parsed).toEqual(permission());
    expect(toJsonString(ExplicitRepoPermissionSchema, parsed, snake)).toBe(documentedPermission);
  });

  it("round-trips through the binary encoding too", () => {
    const bytes = toBinary(ExplicitRepoPermissionSchema, permission());
    expect(fromBinary(ExplicitRepoPermissionSchema, bytes)).toEqual(permission());
  });

  it("rejects unknown fields unless told to ignore them, as a forward-compatible client must", () => {
    const future = { ...JSON.parse(documentedPermission), granted_at: "2026-01-01T00:00:00Z" };
    expect(() => fromJson(ExplicitRepoPermissionSchema, future)).toThrow(/granted_at/);
    expect(fromJson(ExplicitRepoPermissionSchema, future, { ignoreUnknownFields: true })).toEqual(
      permission(),
    );
  });
});

describe("ListExplicitRepoPermissions JSON", () => {
  const documentedPage = `{"explicit_repo_permissions":[${documentedPermission}],"next_page_token":"t"}`;

  it("serializes the response with the documented snake_case names", () => {
    const page = create(ListExplicitRepoPermissionsResponseSchema, {
      explicitRepoPermissions: [permission()],
      nextPageToken: "t",
    });
    expect(toJsonString(ListExplicitRepoPermissionsResponseSchema, page, snake)).toBe(documentedPage);
  });

  it("uses lowerCamelCase without useProtoFieldName, which does not match the documentation", () => {
    const page = fromJsonString(ListExplicitRepoPermissionsResponseSchema, documentedPage);
    expect(Object.keys(toJson(ListExplicitRepoPermissionsResponseSchema, page) as object)).toEqual([
      "explicitRepoPermissions",
      "nextPageToken",
    ]);
  });

  it("reads a response written in snake_case or in lowerCamelCase", () => {
    const fromSnake = fromJson(ListExplicitRepoPermissionsResponseSchema, JSON.parse(documentedPage));
    const fromCamel = fromJson(ListExplicitRepoPermissionsResponseSchema, {
      explicitRepoPermissions: [JSON.parse(documentedPermission)],
      nextPageToken: "t",
    });
    expect(fromSnake.nextPageToken).toBe("t");
    expect(fromSnake.explicitRepoPermissions).toEqual([permission()]);
    expect(fromCamel).toEqual(fromSnake);
  });

  it("reads a last page, whose empty token and list are left out of the JSON", () => {
    const last = fromJson(ListExplicitRepoPermissionsResponseSchema, {});
    expect(last.nextPageToken).toBe("");
    expect(last.explicitRepoPermissions).toEqual([]);
    expect(toJsonString(ListExplicitRepoPermissionsResponseSchema, last, snake)).toBe("{}");
  });

  it("writes the request in snake_case and reads it in either case, with page_size as a number or a string", () => {
    const request = create(ListExplicitRepoPermissionsRequestSchema, {
      parent: "users/@alice",
      pageSize: 100,
      pageToken: "t",
    });
    expect(toJsonString(ListExplicitRepoPermissionsRequestSchema, request, snake)).toBe(
      '{"parent":"users/@alice","page_size":100,"page_token":"t"}',
    );
    const spellings: JsonObject[] = [
      { parent: "users/@alice", page_size: 100, page_token: "t" },
      { parent: "users/@alice", pageSize: 100, pageToken: "t" },
      { parent: "users/@alice", page_size: "100", page_token: "t" },
    ];
    for (const json of spellings) {
      expect(fromJson(ListExplicitRepoPermissionsRequestSchema, json)).toEqual(request);
    }
  });
});

describe("CreateExplicitRepoPermission JSON", () => {
  const documentedCreate = '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/@alice"}}';

  it("serializes a request that names only the user, as documented", () => {
    const request = create(CreateExplicitRepoPermissionRequestSchema, {
      parent: "repositories/123",
      explicitRepoPermission: { user: "users/@alice" },
    });
    expect(toJsonString(CreateExplicitRepoPermissionRequestSchema, request, snake)).toBe(documentedCreate);
  });

  it("reads the request in snake_case or lowerCamelCase", () => {
    const fromSnake = fromJsonString(CreateExplicitRepoPermissionRequestSchema, documentedCreate);
    const fromCamel = fromJson(CreateExplicitRepoPermissionRequestSchema, {
      parent: "repositories/123",
      explicitRepoPermission: { user: "users/@alice" },
    });
    expect(fromSnake.parent).toBe("repositories/123");
    expect(fromSnake.explicitRepoPermission?.user).toBe("users/@alice");
    expect(fromSnake.explicitRepoPermission?.repository).toBe("");
    expect(fromCamel).toEqual(fromSnake);
  });

  it("serializes a request whose parent is the user", () => {
    const request = create(CreateExplicitRepoPermissionRequestSchema, {
      parent: "users/alice@example.com",
      explicitRepoPermission: { repository: "repositories/123" },
    });
    expect(toJsonString(CreateExplicitRepoPermissionRequestSchema, request, snake)).toBe(
      '{"parent":"users/alice@example.com","explicit_repo_permission":{"repository":"repositories/123"}}',
    );
  });
});

describe("Get and Delete JSON", () => {
  it("sends only the name", () => {
    const name = "repositories/123/explicitRepoPermissions/@alice";
    for (const schema of [
      GetExplicitRepoPermissionRequestSchema,
      DeleteExplicitRepoPermissionRequestSchema,
    ]) {
      expect(toJsonString(schema, create(schema, { name }), snake)).toBe(`{"name":"${name}"}`);
    }
  });

  it("answers Delete with the empty object", () => {
    expect(toJsonString(EmptySchema, create(EmptySchema), snake)).toBe("{}");
    expect(fromJson(EmptySchema, {})).toEqual(create(EmptySchema));
  });
});

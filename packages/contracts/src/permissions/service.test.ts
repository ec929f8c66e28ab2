import { getOption } from "@bufbuild/protobuf";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { FieldBehavior, field_behavior } from "../gen/proto/google/api/field_behavior_pb.js";
import { resource } from "../gen/proto/google/api/resource_pb.js";
import {
  CreateExplicitRepoPermissionRequestSchema,
  DeleteExplicitRepoPermissionRequestSchema,
  ExplicitRepoPermissionSchema,
  GetExplicitRepoPermissionRequestSchema,
  ListExplicitRepoPermissionsRequestSchema,
  ListExplicitRepoPermissionsResponseSchema,
  Service,
} from "../permissions.js";

// Connect builds a unary call's URL path as `/<service type name>/<method name>` (after the base URL).
const procedurePath = (method: (typeof Service.methods)[number]) =>
  `/${method.parent.typeName}/${method.name}`;

describe("explicitrepopermissions.v1.Service", () => {
  it("has the documented package and service name", () => {
    expect(Service.typeName).toBe("explicitrepopermissions.v1.Service");
    expect(Service.file.proto.package).toBe("explicitrepopermissions.v1");
  });

  it("has exactly the four documented methods, all unary", () => {
    expect(Service.methods.map((method) => method.name)).toEqual([
      "GetExplicitRepoPermission",
      "ListExplicitRepoPermissions",
      "CreateExplicitRepoPermission",
      "DeleteExplicitRepoPermission",
    ]);
    expect(Service.methods.map((method) => method.methodKind)).toEqual(["unary", "unary", "unary", "unary"]);
  });

  it("gives each method the documented procedure path", () => {
    expect(Service.methods.map(procedurePath)).toEqual([
      "/explicitrepopermissions.v1.Service/GetExplicitRepoPermission",
      "/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions",
      "/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission",
      "/explicitrepopermissions.v1.Service/DeleteExplicitRepoPermission",
    ]);
  });

  it("exposes the methods under lowerCamelCase names for generated clients", () => {
    expect(Object.keys(Service.method)).toEqual([
      "getExplicitRepoPermission",
      "listExplicitRepoPermissions",
      "createExplicitRepoPermission",
      "deleteExplicitRepoPermission",
    ]);
    expect(procedurePath(Service.method.createExplicitRepoPermission)).toBe(
      "/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission",
    );
  });

  it("pairs each method with its request and response messages", () => {
    const { method } = Service;
    expect(method.getExplicitRepoPermission.input).toBe(GetExplicitRepoPermissionRequestSchema);
    expect(method.getExplicitRepoPermission.output).toBe(ExplicitRepoPermissionSchema);
    expect(method.listExplicitRepoPermissions.input).toBe(ListExplicitRepoPermissionsRequestSchema);
    expect(method.listExplicitRepoPermissions.output).toBe(ListExplicitRepoPermissionsResponseSchema);
    expect(method.createExplicitRepoPermission.input).toBe(CreateExplicitRepoPermissionRequestSchema);
    expect(method.createExplicitRepoPermission.output).toBe(ExplicitRepoPermissionSchema);
    expect(method.deleteExplicitRepoPermission.input).toBe(DeleteExplicitRepoPermissionRequestSchema);
    expect(method.deleteExplicitRepoPermission.output.typeName).toBe(EmptySchema.typeName);
  });
});

describe("AIP annotations", () => {
  const behavior = (
    schema: typeof ExplicitRepoPermissionSchema | typeof ListExplicitRepoPermissionsRequestSchema,
  ) => Object.fromEntries(schema.fields.map((field) => [field.name, getOption(field, field_behavior)]));

  it("declares the permission resource and its name pattern", () => {
    const descriptor = getOption(ExplicitRepoPermissionSchema, resource);
    expect(descriptor.type).toBe("sourcegraph.com/ExplicitRepoPermission");
    expect(descriptor.pattern).toEqual(["repositories/{repository}/explicitRepoPermissions/{user}"]);
  });

  it("marks the name as the identifier and request fields as required or optional", () => {
    expect(behavior(ExplicitRepoPermissionSchema)).toEqual({
      name: [FieldBehavior.IDENTIFIER],
      user: [],
      repository: [],
    });
    expect(behavior(ListExplicitRepoPermissionsRequestSchema)).toEqual({
      parent: [FieldBehavior.REQUIRED],
      page_size: [FieldBehavior.OPTIONAL],
      page_token: [FieldBehavior.OPTIONAL],
    });
    for (const schema of [
      GetExplicitRepoPermissionRequestSchema,
      CreateExplicitRepoPermissionRequestSchema,
      DeleteExplicitRepoPermissionRequestSchema,
    ]) {
      for (const field of schema.fields)
        expect(getOption(field, field_behavior)).toEqual([FieldBehavior.REQUIRED]);
    }
  });
});

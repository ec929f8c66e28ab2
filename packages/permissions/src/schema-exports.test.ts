import * as contracts from "@sgkit/contracts/permissions";
import { describe, expect, it } from "vitest";
import * as permissions from "./index.js";

describe("@sgkit/permissions' main entry", () => {
  it("still exports the explicitrepopermissions.v1 messages and Service, now from @sgkit/contracts", () => {
    const schema = Object.entries(contracts);
    expect(schema.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "Service",
        "ExplicitRepoPermissionSchema",
        "ListExplicitRepoPermissionsRequestSchema",
      ]),
    );
    const exported = new Map(Object.entries(permissions));
    for (const [name, value] of schema) expect(exported.get(name), name).toBe(value);
  });
});

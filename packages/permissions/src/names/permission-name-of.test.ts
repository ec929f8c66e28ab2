import { describe, expect, it } from "vitest";
import { permissionNameOf } from "./permission-name-of.js";

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

import { describe, expect, it } from "vitest";
import { Service } from "../gen/explicitrepopermissions/v1/explicit_repo_permissions_pb.js";
import { procedureUrl } from "./procedure-url.js";

describe("procedureUrl", () => {
  it("is the documented path of each procedure under the base URL", () => {
    expect(procedureUrl("https://sg.example.com/api", Service.method.createExplicitRepoPermission)).toBe(
      "https://sg.example.com/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission",
    );
    expect(procedureUrl("", Service.method.listExplicitRepoPermissions)).toBe(
      "/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions",
    );
  });
});

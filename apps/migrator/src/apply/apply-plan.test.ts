import { describe, expect, it } from "vitest";
import { aclFingerprint } from "../plan/acl.js";
import type { PlanRepository } from "../plan/plan-types.js";
import { drifted } from "./apply-plan.js";

const observed = [1, 2, 3];
const planned: PlanRepository = {
  repository: 9,
  name: "github.com/acme/api",
  source: "acl.ndjson:1",
  observed: { count: observed.length, fingerprint: aclFingerprint(observed) },
  desired: 3,
  create: [{ user: 4, label: "dave" }],
  delete: [{ user: 1, label: "alice" }],
};

describe("drifted", () => {
  it.each([
    ["as planned", [1, 2, 3]],
    ["with the create done (an interrupted run)", [1, 2, 3, 4]],
    ["with the delete done", [2, 3]],
    ["with both done", [2, 3, 4]],
  ])("accepts the ACL %s", (_name, current) => {
    expect(drifted(planned, new Set(current))).toBe(false);
  });

  it.each([
    ["someone added a user", [1, 2, 3, 5]],
    ["someone removed a user the plan keeps", [1, 3]],
    ["both", [1, 3, 5]],
    ["emptied", []],
  ])("refuses the ACL when %s", (_name, current) => {
    expect(drifted(planned, new Set(current))).toBe(true);
  });
});

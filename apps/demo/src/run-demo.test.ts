import { describe, expect, it } from "vitest";
import { runDemo } from "./run-demo.js";

describe("pnpm demo", () => {
  it("plans, applies and verifies the sample migration, and says so", async () => {
    let stdout = "";
    let stderr = "";
    const status = await runDemo({
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/^Plan: \d+ to create, \d+ to delete, in \d+ of 250 repositories/m);
    expect(stdout).toMatch(
      /^Apply: \d+ created, \d+ deleted, 0 already done, 0 failed, 0 repositories skipped\./m,
    );
    expect(stdout).toContain("No changes: the 250 repositories match the inputs.");
    expect(stderr).toContain("$ sgkit-migrate apply plan.json");
    expect(stderr).toContain("In sync");
    // The second act: the legacy script through the bridge ends in the ACLs it set.
    expect(stderr).toContain("$ sgkit-migrate bridge");
    // Three call lines are shown and the cut is marked with the count of the rest.
    expect(stderr.match(/^\{"at":.*"event":"call"/gm)).toHaveLength(3);
    expect(stderr).toContain("… 37 more call lines left out\n");
    expect(stderr).toMatch(
      /40 of 40 calls answered as the legacy API answers; 40 of 40 repositories hold exactly/,
    );
    expect(stdout).toMatch(/^Bridge stopped after .*: 40 permission calls \(40 converged/m);
    expect(stderr).not.toMatch(/sgp_|SRC_ACCESS_TOKEN=/);
  });
});

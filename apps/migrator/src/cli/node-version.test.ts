import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE_VERSION, nodeVersionRefusal } from "./node-version.js";

describe("nodeVersionRefusal", () => {
  it("lets the minimum version and newer ones run", () => {
    for (const version of ["22.19.0", "22.19.1", "22.23.5", "23.0.0", "24.0.0", "24.11.1", "30.0.0-pre"]) {
      expect(nodeVersionRefusal(version)).toBeUndefined();
    }
  });

  it("refuses older versions, naming the version needed and the one running", () => {
    for (const version of ["22.18.0", "22.6.0", "22.0.0", "21.7.3", "20.20.2", "8.0.0"]) {
      expect(nodeVersionRefusal(version)).toBe(
        `sgkit-migrate needs Node.js 22.19 or newer (@sgkit/migrator's engines.node is ">=22.19"); this is Node.js ${version}.`,
      );
    }
  });

  it("refuses a version it cannot read", () => {
    for (const version of ["", "22", "v22.19.0", "x.y.z"]) {
      expect(nodeVersionRefusal(version)).toContain("needs Node.js 22.19 or newer");
    }
  });

  it("agrees with engines.node in package.json", () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8"));
    expect(manifest.engines.node).toBe(`>=${MINIMUM_NODE_VERSION}`);
  });
});

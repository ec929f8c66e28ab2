import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE_MAJOR, nodeVersionRefusal } from "./node-version.js";

describe("nodeVersionRefusal", () => {
  it("lets the minimum major and newer ones run", () => {
    for (const version of ["24.0.0", "24.11.1", "25.2.0", "30.0.0-pre"]) {
      expect(nodeVersionRefusal(version)).toBeUndefined();
    }
  });

  it("refuses older majors, naming the version needed and the one running", () => {
    for (const version of ["20.20.2", "22.12.0", "23.11.1", "8.0.0"]) {
      expect(nodeVersionRefusal(version)).toBe(
        `sgkit-migrate needs Node.js 24 or newer (@sgkit/migrator's engines.node is ">=24"); this is Node.js ${version}.`,
      );
    }
  });

  it("refuses a version it cannot read", () => {
    expect(nodeVersionRefusal("")).toContain("needs Node.js 24 or newer");
  });

  it("agrees with engines.node in package.json", () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8"));
    expect(manifest.engines.node).toBe(`>=${MINIMUM_NODE_MAJOR}`);
  });
});

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  files: string[];
};
// Tests run before this package is built (turbo builds only dependencies first), so the bin is bundled here
// the way tsup bundles it, into node_modules where its imports resolve, and run as a real process.
const bin = join(root, "node_modules", ".cache", "sgkit-emulator-test", "cli.mjs");
const children: ChildProcess[] = [];

beforeAll(async () => {
  mkdirSync(join(bin, ".."), { recursive: true });
  await build({
    entryPoints: [join(root, "src", "cli.ts")],
    outfile: bin,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
    define: { __SGKIT_VERSION__: '"0.0.0-test"' },
  });
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Starts the bin and resolves with the process and its first stdout line. */
async function startBin(args: string[]): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [firstLine] = (await once(lines, "line")) as [string];
  return { child, firstLine };
}

describe("the sgkit-emulator bin", () => {
  it("is declared as bin/sgkit-emulator.js, which runs dist/cli.js, built from src/cli.ts with a node shebang", () => {
    // The bin is a committed file, so that installing a fresh clone links it before any build.
    expect(manifest.bin).toEqual({ "sgkit-emulator": "./bin/sgkit-emulator.js" });
    expect(manifest.files).toEqual(expect.arrayContaining(["bin", "dist"]));
    const shim = readFileSync(join(root, "bin", "sgkit-emulator.js"), "utf8");
    expect(shim.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(shim).toContain('new URL("../dist/cli.js", import.meta.url)');
    expect(readFileSync(join(root, "tsup.config.ts"), "utf8")).toContain('cli: "src/cli.ts"');
    expect(readFileSync(join(root, "src", "cli.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("serves until %s, then exits 0", async (signal) => {
    const { child, firstLine } = await startBin(["--json", "--port", "0"]);
    const { url, tokens } = JSON.parse(firstLine) as { url: string; tokens: Record<string, string> };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(
      `${url}/api/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens.admin}` },
        body: JSON.stringify({ parent: "repositories/124" }),
      },
    );
    expect(response.status).toBe(200);
    child.kill(signal);
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("exits 2 on a bad flag", async () => {
    const child = spawn(process.execPath, [bin, "--nope"], { stdio: ["ignore", "ignore", "pipe"] });
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--nope'");
  });
});

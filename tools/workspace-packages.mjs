import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The workspace root, whatever the current directory. */
export const root = resolve(import.meta.dirname, "..");

/**
 * Every package of the workspace, read from the folders `pnpm-workspace.yaml` names, so that a new package
 * joins the checks by existing.
 */
export function workspacePackages() {
  const packages = [];
  for (const group of ["packages", "apps"]) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const manifestPath = join(dir, name, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      packages.push({ dir: join(dir, name), manifest });
    }
  }
  return packages;
}

/** The packages that are published to npm. */
export function publicPackages() {
  return workspacePackages().filter((pkg) => pkg.manifest.private !== true);
}

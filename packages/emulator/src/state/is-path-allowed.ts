import { compilePathGlob } from "./compile-path-glob.js";

/**
 * Whether a path is visible under sub-repository rules: no rules (undefined) allow everything; otherwise the
 * last matching glob decides (a leading `-` denies) and a path that no glob matches is denied.
 */
export function isPathAllowed(paths: readonly string[] | undefined, path: string): boolean {
  if (paths === undefined) return true;
  const target = path.startsWith("/") ? path : `/${path}`;
  let allowed = false;
  for (const rule of paths) {
    const deny = rule.startsWith("-");
    if (compilePathGlob(deny ? rule.slice(1) : rule).test(target)) allowed = !deny;
  }
  return allowed;
}

import { compilePathGlob } from "./compile-path-glob.js";

/**
 * Checks one sub-repository path rule: a non-empty glob, optionally after a `-`.
 *
 * @throws SyntaxError naming the problem.
 */
export function checkSubRepoPath(path: string): void {
  const glob = path.startsWith("-") ? path.slice(1) : path;
  if (glob.trim() === "") throw new SyntaxError(`${JSON.stringify(path)}: is not a path glob`);
  compilePathGlob(glob);
}

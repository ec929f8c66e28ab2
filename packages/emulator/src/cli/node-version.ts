// Imports nothing: the bin runs this before loading the CLI, so that an older Node version is told which one it
// needs rather than meeting whatever of the CLI or its dependencies fails there first, with an error that does not
// say why.

/** The oldest Node.js major the package supports: `engines.node` in package.json (a test keeps them equal). */
export const MINIMUM_NODE_MAJOR = 24;

/**
 * Why sgkit-emulator cannot run on Node `version` (as `process.versions.node` gives it), or undefined when it can.
 */
export function nodeVersionRefusal(
  version: string,
  minimum: number = MINIMUM_NODE_MAJOR,
): string | undefined {
  const major = Number.parseInt(version, 10);
  if (Number.isInteger(major) && major >= minimum) return undefined;
  return `sgkit-emulator needs Node.js ${minimum} or newer (@sgkit/emulator's engines.node is ">=${minimum}"); this is Node.js ${version}.`;
}

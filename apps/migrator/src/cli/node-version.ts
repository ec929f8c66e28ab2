// Imports nothing: the bin runs this before loading the CLI, whose dependencies fail on older Node versions
// with errors that do not say why (undici 8 throws "Cannot read properties of undefined (reading 'bind')").

/** The oldest Node.js major the package supports: `engines.node` in package.json (a test keeps them equal). */
export const MINIMUM_NODE_MAJOR = 24;

/**
 * Why sgkit-migrate cannot run on Node `version` (as `process.versions.node` gives it), or undefined when it can.
 */
export function nodeVersionRefusal(
  version: string,
  minimum: number = MINIMUM_NODE_MAJOR,
): string | undefined {
  const major = Number.parseInt(version, 10);
  if (Number.isInteger(major) && major >= minimum) return undefined;
  return `sgkit-migrate needs Node.js ${minimum} or newer (@sgkit/migrator's engines.node is ">=${minimum}"); this is Node.js ${version}.`;
}

// Imports nothing: the bin runs this before loading the CLI, whose dependencies fail on older Node versions
// with errors that do not say why (undici 8 throws "Cannot read properties of undefined (reading 'bind')").

/**
 * The oldest Node.js version the package supports, as major.minor: `engines.node` in package.json (a test keeps
 * them equal). undici 8, which the migrator uses for proxies, declares `engines.node` ">=22.19.0".
 */
export const MINIMUM_NODE_VERSION = "22.19";

/**
 * Why sgkit-migrate cannot run on Node `version` (as `process.versions.node` gives it), or undefined when it can.
 */
export function nodeVersionRefusal(
  version: string,
  minimum: string = MINIMUM_NODE_VERSION,
): string | undefined {
  if (atLeast(version, minimum)) return undefined;
  return `sgkit-migrate needs Node.js ${minimum} or newer (@sgkit/migrator's engines.node is ">=${minimum}"); this is Node.js ${version}.`;
}

/** Whether `version` ("22.19.0", "24.1.0-pre") is `minimum` ("22.19") or newer; false when it cannot be read. */
function atLeast(version: string, minimum: string): boolean {
  const [major, minor] = version.split(".").map((part) => Number.parseInt(part, 10));
  const [minimumMajor = 0, minimumMinor = 0] = minimum.split(".").map((part) => Number.parseInt(part, 10));
  if (major === undefined || minor === undefined || !Number.isInteger(major) || !Number.isInteger(minor)) {
    return false;
  }
  return major > minimumMajor || (major === minimumMajor && minor >= minimumMinor);
}

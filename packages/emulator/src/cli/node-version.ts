// Imports nothing: the bin runs this before loading the CLI, so that an older Node version is told which one it
// needs rather than meeting whatever of the CLI or its dependencies fails there first, with an error that does not
// say why.

/**
 * The oldest Node.js version the package supports, as major.minor: `engines.node` in package.json (a test keeps
 * them equal). The in-process transport uses `stream.duplexPair`, added in Node.js 22.6.
 */
export const MINIMUM_NODE_VERSION = "22.6";

/**
 * Why sgkit-emulator cannot run on Node `version` (as `process.versions.node` gives it), or undefined when it can.
 */
export function nodeVersionRefusal(
  version: string,
  minimum: string = MINIMUM_NODE_VERSION,
): string | undefined {
  if (atLeast(version, minimum)) return undefined;
  return `sgkit-emulator needs Node.js ${minimum} or newer (@sgkit/emulator's engines.node is ">=${minimum}"); this is Node.js ${version}.`;
}

/** Whether `version` ("22.6.0", "24.1.0-pre") is `minimum` ("22.6") or newer; false when it cannot be read. */
function atLeast(version: string, minimum: string): boolean {
  const [major, minor] = version.split(".").map((part) => Number.parseInt(part, 10));
  const [minimumMajor = 0, minimumMinor = 0] = minimum.split(".").map((part) => Number.parseInt(part, 10));
  if (major === undefined || minor === undefined || !Number.isInteger(major) || !Number.isInteger(minor)) {
    return false;
  }
  return major > minimumMajor || (major === minimumMajor && minor >= minimumMinor);
}

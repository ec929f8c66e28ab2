/**
 * Every secret sgkit has handled in this process, so that any text leaving the library can be scrubbed of it.
 *
 * The set lives on `globalThis` under a registered symbol so that two copies of `@sgkit/core` in one
 * dependency tree (a common result of semver ranges) still redact each other's secrets.
 */
const REGISTRY_KEY = Symbol.for("@sgkit/core/secret-registry");
/** OAuth refreshes add secrets over a process's life; the oldest go first past this many. */
const MAX_SECRETS = 512;
/** Shorter values would turn unrelated words into `[REDACTED]` and hide nothing worth hiding. */
const MIN_SECRET_LENGTH = 6;

type Registry = Set<string>;

/** This copy's handle on the shared registry, so that a request does not look it up on the global object. */
let shared: Registry | undefined;

function registry(): Registry {
  if (shared) return shared;
  const holder = globalThis as { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= new Set();
  shared = holder[REGISTRY_KEY];
  return shared;
}

/** Records `secret` (a token, a refresh token, a client secret, a sensitive header value) for redaction. */
export function registerSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) return;
  const secrets = registry();
  // Every request registers its token again; moving it to the newest end each time churns the set (deleted
  // slots, rehashing) for nothing while eviction is far off. Once the set is half full, a secret in use is moved
  // on every use, so it is the newest long before 512 others could push it out.
  if (secrets.size < MAX_SECRETS / 2 && secrets.has(secret)) return;
  secrets.delete(secret);
  secrets.add(secret);
  if (secrets.size > MAX_SECRETS) {
    const oldest = secrets.values().next().value;
    if (oldest !== undefined) secrets.delete(oldest);
  }
}

/** The registered secrets, longest first so that a secret containing another is replaced whole. */
export function registeredSecrets(): string[] {
  return [...registry()].sort((a, b) => b.length - a.length);
}

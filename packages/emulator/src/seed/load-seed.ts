import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { BindIDMode } from "../state/accounts.js";
import { EmulatorState } from "../state/emulator-state.js";
import type { EmulatorSeed, SeedRepositoryRef, SeedUserRef } from "./seed-types.js";
import { SeedError, validateSeed } from "./validate-seed.js";

/** What may override the seed's own settings. */
export interface LoadSeedOptions {
  /** Overrides `seed.license`. */
  readonly license?: boolean;
  /** Overrides `seed.bindID`. */
  readonly bindID?: BindIDMode;
  /** The clock of the audit log. */
  readonly now?: () => Date;
  /** The name of the seed in error paths. Default `"seed"`. */
  readonly root?: string;
}

/**
 * Validates a seed (see {@link validateSeed}) and builds the state it describes. Tokens without a `value` get a
 * fresh random one; pending permissions whose bindID names a seeded user become explicit permissions at once.
 *
 * @throws SeedError naming the field at fault.
 */
export function loadSeed(seed: EmulatorSeed, options: LoadSeedOptions = {}): EmulatorState {
  validateSeed(seed, options.root);
  const state = new EmulatorState({
    license: options.license ?? seed.license ?? true,
    bindID: options.bindID ?? seed.bindID ?? "username",
    now: options.now,
  });
  const repositoryId = (ref: SeedRepositoryRef) =>
    typeof ref === "number" ? ref : (state.repositories.byName(ref)?.id ?? 0);

  for (const repository of seed.repositories ?? []) {
    state.repositories.add({
      id: repository.id,
      name: repository.name,
      files: new Map(Object.entries(repository.files ?? {})),
      unrestricted: repository.unrestricted ?? false,
    });
  }
  // Pending permissions go in before the users, so that adding a user applies them the way a sign-up would.
  for (const pending of seed.pendingPermissions ?? []) {
    state.pendingPermissions.add(pending.bindID, repositoryId(pending.repository));
  }
  for (const user of seed.users ?? []) {
    const siteAdmin = user.siteAdmin ?? false;
    state.addUser({
      id: user.id,
      username: user.username,
      email: user.email,
      siteAdmin,
      rbac: new Set(user.rbac ?? (siteAdmin ? ["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"] : [])),
    });
  }
  const userId = (ref: SeedUserRef) =>
    typeof ref === "number" ? ref : (state.users.byUsername(ref)?.id ?? 0);

  for (const org of seed.orgs ?? []) {
    state.orgs.add({ id: org.id, name: org.name, memberIds: new Set((org.members ?? []).map(userId)) });
  }
  for (const token of seed.tokens ?? []) {
    state.tokens.add({
      name: token.name,
      value: token.value ?? generateTokenValue(),
      userId: userId(token.user),
      scopes: new Set(token.scopes),
      kind: token.kind ?? "personal",
    });
  }
  for (const permission of seed.permissions ?? []) {
    state.permissions.add(repositoryId(permission.repository), userId(permission.user));
  }
  for (const rule of seed.subRepoPermissions ?? []) {
    state.subRepoPermissions.set(repositoryId(rule.repository), userId(rule.user), rule.paths);
  }
  for (const context of seed.searchContexts ?? []) {
    const owner = context.namespace == null ? undefined : state.namespaceByName(context.namespace);
    state.searchContexts.add(
      {
        name: context.name,
        description: context.description ?? "",
        public: context.public ?? false,
        namespace: owner ? { kind: owner.kind, id: owner.id } : null,
        query: context.query ?? "",
        repositories: (context.repositories ?? []).map((entry) => ({
          repositoryId: repositoryId(entry.repository),
          revisions: entry.revisions,
        })),
      },
      context.updatedAt === undefined ? undefined : new Date(context.updatedAt),
    );
  }
  return state;
}

/**
 * Reads a JSON seed file and validates it. Errors are {@link SeedError}s naming the file and the field at fault
 * (`seed.json: seed.users[3].username: ...`); JSON syntax errors name the file too.
 */
export async function readSeedFile(path: string): Promise<EmulatorSeed> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new SeedError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the mistake, which may be a token value: keep only where it is.
    const where = /position \d+(?: \(line \d+ column \d+\))?/.exec((error as Error).message)?.[0];
    throw new SeedError(path, `is not valid JSON${where ? ` (at ${where})` : ""}`);
  }
  try {
    return validateSeed(json);
  } catch (error) {
    if (error instanceof SeedError) {
      throw new SeedError(error.path, `${error.message.slice(error.path.length + 2)} (in ${path})`);
    }
    throw error;
  }
}

/**
 * A fresh random token in Sourcegraph's format for local instances, `sgp_local_<40 hex>`, so that clients'
 * redaction (which recognizes `sgp_` tokens) treats emulator tokens like real ones.
 */
function generateTokenValue(): string {
  return `sgp_local_${randomBytes(20).toString("hex")}`;
}

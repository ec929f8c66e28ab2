import { MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH, searchContextNameProblem } from "../state/search-contexts.js";
import { checkSubRepoPath } from "../state/sub-repo-permissions.js";
import type { EmulatorSeed } from "./seed-types.js";

/**
 * A seed that cannot be loaded. The message starts with the path of the field at fault, such as
 * `seed.users[3].username: ...`, and never holds a token value.
 */
export class SeedError extends Error {
  override readonly name = "SeedError";
  /** The path of the field at fault, such as `seed.users[3].username`. */
  readonly path: string;

  constructor(path: string, problem: string, options?: ErrorOptions) {
    super(`${path}: ${problem}`, options);
    this.path = path;
  }
}

// Sourcegraph's ids are int32 in its database; larger ones could not appear in a real resource name.
const MAX_ID = 2 ** 31 - 1;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RBAC_PERMISSION = /^[A-Z][A-Z0-9_]*#[A-Z][A-Z0-9_]*$/;

type Fields = Record<string, unknown>;

/**
 * Checks a seed (typed, or parsed from JSON) and returns it typed. Every problem is a {@link SeedError} whose
 * message starts with the path of the field at fault (`seed.users[3].username: ...`): wrong types, unknown
 * fields (a typo would otherwise be silently ignored), duplicate ids, usernames, emails, names and token values,
 * and references to users or repositories that the seed does not define.
 *
 * @param root - the name of the seed in error paths, e.g. the file name.
 */
export function validateSeed(input: unknown, root = "seed"): EmulatorSeed {
  const seed = record(input, root, [
    "license",
    "bindID",
    "users",
    "orgs",
    "repositories",
    "tokens",
    "permissions",
    "pendingPermissions",
    "subRepoPermissions",
    "searchContexts",
  ]);
  optionalBoolean(seed.license, `${root}.license`);
  if (seed.bindID !== undefined && seed.bindID !== "username" && seed.bindID !== "email") {
    throw new SeedError(`${root}.bindID`, `must be "username" or "email", got ${show(seed.bindID)}`);
  }

  const userIds = new Map<number, string>();
  const usernames = new Map<string, string>();
  const userIdByName = new Map<string, number>();
  const emails = new Map<string, string>();
  list(seed.users, `${root}.users`).forEach((item, index) => {
    const path = `${root}.users[${index}]`;
    const user = record(item, path, ["id", "username", "email", "siteAdmin", "rbac"]);
    const userId = id(user.id, `${path}.id`);
    unique(userIds, userId, `${path}.id`);
    const username = text(user.username, `${path}.username`);
    if (!USERNAME.test(username)) {
      throw new SeedError(
        `${path}.username`,
        `must hold only letters, digits, ".", "_" and "-", starting with a letter or digit, got ${show(username)}`,
      );
    }
    unique(usernames, username, `${path}.username`);
    userIdByName.set(username, userId);
    if (user.email !== undefined) {
      const email = text(user.email, `${path}.email`);
      if (email.indexOf("@") < 1 || /[\s/]/.test(email)) {
        throw new SeedError(
          `${path}.email`,
          `must look like name@host, without "/" or whitespace, got ${show(email)}`,
        );
      }
      unique(emails, email, `${path}.email`);
    }
    optionalBoolean(user.siteAdmin, `${path}.siteAdmin`);
    list(user.rbac, `${path}.rbac`).forEach((permission, i) => {
      if (typeof permission !== "string" || !RBAC_PERMISSION.test(permission)) {
        throw new SeedError(
          `${path}.rbac[${i}]`,
          `must be an RBAC permission such as "REPO_PERMISSIONS#READ", got ${show(permission)}`,
        );
      }
    });
  });
  // References resolve to ids, so that `1` and `"alice"` naming the same user count as duplicates.
  const userRef = (value: unknown, path: string): number => {
    if (typeof value === "number" && userIds.has(value)) return value;
    const byName = typeof value === "string" ? userIdByName.get(value) : undefined;
    if (byName !== undefined) return byName;
    throw new SeedError(path, `must name a user of the seed by id or username, got ${show(value)}`);
  };

  const orgIds = new Map<number, string>();
  const orgNames = new Map<string, string>();
  list(seed.orgs, `${root}.orgs`).forEach((item, index) => {
    const path = `${root}.orgs[${index}]`;
    const org = record(item, path, ["id", "name", "members"]);
    unique(orgIds, id(org.id, `${path}.id`), `${path}.id`);
    const name = text(org.name, `${path}.name`);
    if (!USERNAME.test(name)) {
      throw new SeedError(
        `${path}.name`,
        `must hold only letters, digits, ".", "_" and "-", got ${show(name)}`,
      );
    }
    const clash = usernames.get(name);
    if (clash)
      throw new SeedError(`${path}.name`, `is also the username of ${clash} (users and orgs share names)`);
    unique(orgNames, name, `${path}.name`);
    const members = new Map<number, string>();
    list(org.members, `${path}.members`).forEach((member, i) => {
      unique(members, userRef(member, `${path}.members[${i}]`), `${path}.members[${i}]`);
    });
  });

  const repositoryIds = new Map<number, string>();
  const repositoryNames = new Map<string, string>();
  const repositoryIdByName = new Map<string, number>();
  list(seed.repositories, `${root}.repositories`).forEach((item, index) => {
    const path = `${root}.repositories[${index}]`;
    const repository = record(item, path, ["id", "name", "files", "unrestricted"]);
    const repositoryId = id(repository.id, `${path}.id`);
    unique(repositoryIds, repositoryId, `${path}.id`);
    const name = text(repository.name, `${path}.name`);
    if (/\s/.test(name)) throw new SeedError(`${path}.name`, `must not hold whitespace, got ${show(name)}`);
    unique(repositoryNames, name, `${path}.name`);
    repositoryIdByName.set(name, repositoryId);
    optionalBoolean(repository.unrestricted, `${path}.unrestricted`);
    if (repository.files !== undefined) {
      const files = record(repository.files, `${path}.files`);
      for (const [file, content] of Object.entries(files)) {
        const filePath = `${path}.files[${JSON.stringify(file)}]`;
        if (
          file === "" ||
          file.startsWith("/") ||
          file.split("/").some((part) => part === ".." || part === "")
        ) {
          throw new SeedError(filePath, "must be a relative path without empty or `..` segments");
        }
        if (typeof content !== "string")
          throw new SeedError(filePath, `must be the file's text, got ${show(content)}`);
      }
    }
  });
  const repositoryRef = (value: unknown, path: string): number => {
    if (typeof value === "number" && repositoryIds.has(value)) return value;
    const byName = typeof value === "string" ? repositoryIdByName.get(value) : undefined;
    if (byName !== undefined) return byName;
    throw new SeedError(path, `must name a repository of the seed by id or name, got ${show(value)}`);
  };

  const tokenNames = new Map<string, string>();
  const tokenValues = new Map<string, string>();
  list(seed.tokens, `${root}.tokens`).forEach((item, index) => {
    const path = `${root}.tokens[${index}]`;
    const token = record(item, path, ["name", "user", "scopes", "value", "kind"]);
    if (token.kind !== undefined && token.kind !== "personal" && token.kind !== "oauth") {
      throw new SeedError(`${path}.kind`, `must be "personal" or "oauth", got ${show(token.kind)}`);
    }
    unique(tokenNames, text(token.name, `${path}.name`), `${path}.name`);
    userRef(token.user, `${path}.user`);
    if (!Array.isArray(token.scopes))
      throw new SeedError(`${path}.scopes`, `must be an array, got ${show(token.scopes)}`);
    token.scopes.forEach((scope, i) => {
      if (typeof scope !== "string" || scope === "" || /\s/.test(scope)) {
        throw new SeedError(
          `${path}.scopes[${i}]`,
          `must be a scope such as "externalapi:read", got ${show(scope)}`,
        );
      }
    });
    if (token.value !== undefined) {
      // The value is a secret: say what is wrong with it, never what it is.
      if (typeof token.value !== "string" || token.value === "" || /[\s\p{Cc}]/u.test(token.value)) {
        throw new SeedError(
          `${path}.value`,
          "must be a non-empty string without whitespace or control characters",
        );
      }
      unique(tokenValues, token.value, `${path}.value`, "the same value as");
    }
  });

  const pairs = new Map<string, string>();
  list(seed.permissions, `${root}.permissions`).forEach((item, index) => {
    const path = `${root}.permissions[${index}]`;
    const permission = record(item, path, ["repository", "user"]);
    const repository = repositoryRef(permission.repository, `${path}.repository`);
    const user = userRef(permission.user, `${path}.user`);
    unique(pairs, `${repository}:${user}`, path, "the same pair as");
  });

  const pending = new Map<string, string>();
  list(seed.pendingPermissions, `${root}.pendingPermissions`).forEach((item, index) => {
    const path = `${root}.pendingPermissions[${index}]`;
    const permission = record(item, path, ["bindID", "repository"]);
    const bindID = text(permission.bindID, `${path}.bindID`);
    const repository = repositoryRef(permission.repository, `${path}.repository`);
    unique(pending, `${repository}\n${bindID}`, path, "the same pair as");
  });

  const subRepoPairs = new Map<string, string>();
  list(seed.subRepoPermissions, `${root}.subRepoPermissions`).forEach((item, index) => {
    const path = `${root}.subRepoPermissions[${index}]`;
    const rule = record(item, path, ["repository", "user", "paths"]);
    const repository = repositoryRef(rule.repository, `${path}.repository`);
    const user = userRef(rule.user, `${path}.user`);
    unique(subRepoPairs, `${repository}:${user}`, path, "the same pair as");
    if (!Array.isArray(rule.paths) || rule.paths.length === 0) {
      throw new SeedError(
        `${path}.paths`,
        `must be a non-empty array of path globs, got ${show(rule.paths)}`,
      );
    }
    rule.paths.forEach((glob, i) => {
      if (typeof glob !== "string")
        throw new SeedError(`${path}.paths[${i}]`, `must be a path glob, got ${show(glob)}`);
      try {
        checkSubRepoPath(glob);
      } catch (error) {
        throw new SeedError(
          `${path}.paths[${i}]`,
          `must be a path glob such as "/src/**" or "-/secret/**": ${(error as Error).message}`,
        );
      }
    });
  });

  const contextNames = new Map<string, string>();
  list(seed.searchContexts, `${root}.searchContexts`).forEach((item, index) => {
    const path = `${root}.searchContexts[${index}]`;
    const context = record(item, path, [
      "name",
      "namespace",
      "description",
      "public",
      "query",
      "repositories",
      "updatedAt",
    ]);
    if (typeof context.name !== "string") {
      throw new SeedError(`${path}.name`, `must be a string, got ${show(context.name)}`);
    }
    const nameProblem = searchContextNameProblem(context.name);
    if (nameProblem) throw new SeedError(`${path}.name`, nameProblem);
    let namespace = "";
    if (context.namespace !== undefined && context.namespace !== null) {
      namespace = text(context.namespace, `${path}.namespace`);
      if (!usernames.has(namespace) && !orgNames.has(namespace)) {
        throw new SeedError(
          `${path}.namespace`,
          `must be the username or org name of the seed that owns the context (null or absent for a global one), got ${show(namespace)}`,
        );
      }
    }
    unique(
      contextNames,
      `${namespace}/${context.name}`,
      `${path}.name`,
      "the same name in the same namespace as",
    );
    if (context.description !== undefined) {
      if (typeof context.description !== "string") {
        throw new SeedError(`${path}.description`, `must be a string, got ${show(context.description)}`);
      }
      if (context.description.length > MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH) {
        throw new SeedError(
          `${path}.description`,
          `must be at most ${MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH} characters, got ${context.description.length}`,
        );
      }
    }
    optionalBoolean(context.public, `${path}.public`);
    if (context.query !== undefined && typeof context.query !== "string") {
      throw new SeedError(`${path}.query`, `must be a string, got ${show(context.query)}`);
    }
    if (
      context.updatedAt !== undefined &&
      (typeof context.updatedAt !== "string" || Number.isNaN(Date.parse(context.updatedAt)))
    ) {
      throw new SeedError(`${path}.updatedAt`, `must be an ISO 8601 time, got ${show(context.updatedAt)}`);
    }
    const contextRepositories = new Map<number, string>();
    list(context.repositories, `${path}.repositories`).forEach((entry, i) => {
      const entryPath = `${path}.repositories[${i}]`;
      const repository = record(entry, entryPath, ["repository", "revisions"]);
      unique(
        contextRepositories,
        repositoryRef(repository.repository, `${entryPath}.repository`),
        `${entryPath}.repository`,
      );
      if (!Array.isArray(repository.revisions) || repository.revisions.length === 0) {
        throw new SeedError(
          `${entryPath}.revisions`,
          `must be a non-empty array of revisions such as ["HEAD"], got ${show(repository.revisions)}`,
        );
      }
      repository.revisions.forEach((revision, r) => {
        text(revision, `${entryPath}.revisions[${r}]`);
      });
    });
  });

  return input as EmulatorSeed;
}

function record(value: unknown, path: string, allowed?: readonly string[]): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SeedError(path, `must be an object, got ${show(value)}`);
  }
  if (allowed) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        throw new SeedError(`${path}.${key}`, `is not a known field (known: ${allowed.join(", ")})`);
      }
    }
  }
  return value as Fields;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SeedError(path, `must be an array, got ${show(value)}`);
  return value;
}

function id(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_ID) {
    throw new SeedError(path, `must be an integer from 1 to ${MAX_ID}, got ${show(value)}`);
  }
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== "string" || value === "")
    throw new SeedError(path, `must be a non-empty string, got ${show(value)}`);
  return value;
}

function optionalBoolean(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new SeedError(path, `must be true or false, got ${show(value)}`);
  }
}

function unique<K>(seen: Map<K, string>, key: K, path: string, relation = "a duplicate of"): void {
  const first = seen.get(key);
  if (first !== undefined) throw new SeedError(path, `is ${relation} ${first}`);
  seen.set(key, path);
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

import { encodeNodeId, type GraphQLClient, type UserNode } from "@sgkit/graphql";
import { LOOKUP_CONCURRENCY } from "./repositories.js";

/** How the instance names users in legacy bindIDs (its `permissions.userMapping.bindID`). */
export type BindIdMode = "username" | "email";

/**
 * The numeric id of every bindID, by the instance's mode, with batched GraphQL queries; null for a bindID no user
 * has yet (the legacy API kept those as pending permissions).
 *
 * Usernames match in any case, as the server compares them (a citext column): `Alice` and `alice` are one user.
 * Emails are kept exact, as the documentation tells legacy bindID users ("the email address is case-sensitive"):
 * GraphQL's `user(email:)` matches in any case, so a user whose primary email differs from the bindID only in case
 * is not taken for it, and the bindID stays unknown, as the legacy API would have left it pending.
 */
export async function resolveUsers(
  client: GraphQLClient,
  bindIds: Iterable<string>,
  mode: BindIdMode,
  options: { signal?: AbortSignal } = {},
): Promise<Map<string, number | null>> {
  const found = await client.usersByBindId(bindIds, {
    by: mode,
    ...options,
    concurrency: LOOKUP_CONCURRENCY,
  });
  const ids = new Map<string, number | null>();
  for (const [bindId, user] of found) {
    const email = mode === "email" ? user?.primaryEmail : undefined;
    const caseOnly = email != null && email !== bindId && email.toLowerCase() === bindId.toLowerCase();
    ids.set(bindId, caseOnly ? null : (user?.databaseId ?? null));
  }
  return ids;
}

/** A bindID that reads as an email: something, one `@`, and a host with a dot. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Email-looking bindIDs a hint quotes; the rest are counted. */
const HINT_QUOTES = 3;

/**
 * A hint for unknown bindIDs that look like emails while the inputs are read as usernames (no username can hold an
 * `@`, so they can never match): that the instance may map users by email, and the flag that says so. Undefined when
 * none looks like one, or when `mode` is already `email`.
 */
export function emailBindIdHint(unknownBindIds: Iterable<string>, mode: BindIdMode): string | undefined {
  if (mode === "email") return undefined;
  const emails = [...new Set([...unknownBindIds].filter((bindId) => EMAIL.test(bindId)))];
  if (emails.length === 0) return undefined;
  const quoted = emails
    .slice(0, HINT_QUOTES)
    .map((email) => JSON.stringify(email))
    .join(", ");
  const more = emails.length > HINT_QUOTES ? ` and ${emails.length - HINT_QUOTES} more` : "";
  const which =
    emails.length === 1
      ? `The unknown user ${quoted} looks`
      : `${emails.length} unknown users (${quoted}${more}) look`;
  return `${which} like ${emails.length === 1 ? "an email" : "emails"}, which no username can be: if the instance names users by email (its permissions.userMapping.bindID), pass --bind-id email.`;
}

/**
 * The groups of `bindIds` that differ only in case (`Alice`, `alice`), each as written and in input order; none
 * when every bindID is distinct in any case. By username such a group is one user; by email it is not (bindID
 * emails are exact), and at most one of them can be a user's email.
 */
export function caseOnlyDuplicates(bindIds: Iterable<string>): string[][] {
  const byFolded = new Map<string, string[]>();
  for (const bindId of bindIds) {
    const folded = bindId.toLowerCase();
    const group = byFolded.get(folded);
    if (!group) byFolded.set(folded, [bindId]);
    else if (!group.includes(bindId)) group.push(bindId);
  }
  return [...byFolded.values()].filter((group) => group.length > 1);
}

/** Names of users known by numeric id; see {@link createUserLabeler}. */
export interface UserLabeler {
  /** The user's name once loaded (or given at the start), else undefined. */
  label(id: number): string | undefined;
  /** Looks up the users not known yet; the calls of one turn of the event loop share one batched query. */
  load(ids: Iterable<number>): Promise<void>;
}

/**
 * Names for users known only by numeric id: the users a plan deletes (who may appear nowhere in the inputs), the
 * users an export writes. Lookups asked for by repositories read at about the same time are sent as one batched
 * GraphQL query, so a run makes one lookup per batch of repositories rather than one per repository; `known`
 * (the inputs' own bindIDs) are never looked up. `nameOf` picks the name (default the username).
 */
export function createUserLabeler(
  client: GraphQLClient,
  known: ReadonlyMap<number, string>,
  options: { signal?: AbortSignal; nameOf?: (user: UserNode) => string } = {},
): UserLabeler {
  const { nameOf = (user: UserNode) => user.username, ...lookup } = options;
  const labels = new Map(known);
  let queued = new Set<number>();
  let batch: Promise<void> | undefined;
  const send = async (): Promise<void> => {
    const ids = queued;
    queued = new Set();
    batch = undefined;
    const nodeIds = new Map([...ids].map((id) => [encodeNodeId("User", id), id]));
    const found = await client.usersByNodeId(nodeIds.keys(), { ...lookup, concurrency: LOOKUP_CONCURRENCY });
    for (const [nodeId, id] of nodeIds) {
      const user = found.get(nodeId);
      if (user) labels.set(id, nameOf(user));
    }
  };
  return {
    label: (id) => labels.get(id),
    load(ids) {
      let added = false;
      for (const id of ids) {
        if (labels.has(id) || queued.has(id)) continue;
        queued.add(id);
        added = true;
      }
      if (!added && queued.size === 0) return Promise.resolve();
      batch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(send);
      return batch;
    },
  };
}

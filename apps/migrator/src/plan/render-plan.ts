import { type BindIdMode, emailBindIdHint } from "../resolve/users.js";
import {
  DEFAULT_MAX_DELETES,
  describeMaxDeletes,
  isDefaultMaxDeletes,
  type MaxDeletes,
  maxDeletesAllowed,
} from "./delete-limit.js";
import type { PlanInput, PlanRepository, PlanTotals, UnknownReference } from "./plan-types.js";

/**
 * Renders one repository's changes the way terraform shows a plan: the repository, then `+ user` for each grant
 * and `- user` for each revocation.
 */
export function renderRepositoryDiff(repository: PlanRepository): string[] {
  return [
    `~ ${repository.name} (${repository.source})`,
    ...(repository.references
      ? [`    (named as ${quoted(repository.references)}: their rows are one ACL)`]
      : []),
    ...(repository.caseOnly ?? []).map(({ bindIds, oneUser }) =>
      oneUser
        ? `    (users ${quoted(bindIds)} differ only in case: one user)`
        : `    (emails ${quoted(bindIds)} differ only in case: not one user, as bindID emails are exact)`,
    ),
    ...repository.create.map((user) => `    + ${user.label}`),
    ...repository.delete.map((user) => `    - ${user.label}`),
  ];
}

/**
 * The totals line(s) closing a plan or a verify, with what `apply` of it would refuse unless told to: more deletes
 * than the default `--max-deletes` allows (naming the limit and the flag that lifts it), and emptied ACLs.
 */
export function renderTotals(
  totals: PlanTotals,
  unknown: readonly UnknownReference[],
  options: {
    /** How the inputs named users: by username, unknown users that look like emails get a hint. */
    readonly bindId?: BindIdMode;
    /** The `--max-deletes` apply will check (`apply --yes` knows it); the default when not given. */
    readonly maxDeletes?: MaxDeletes;
  } = {},
): string[] {
  const lines: string[] = [];
  if (totals.create + totals.delete === 0) {
    lines.push(
      `No changes: the ${countNoun(totals.repositories, "repository matches", "repositories match")} the inputs.`,
    );
  } else {
    lines.push(
      `Plan: ${totals.create} to create, ${totals.delete} to delete, in ${totals.changed} of ${countNoun(totals.repositories, "repository", "repositories")} (${countNoun(totals.unchanged, "grant", "grants")} already in place, ${countNoun(totals.currentGrants, "current grant", "current grants")}).`,
    );
  }
  const limit = options.maxDeletes ?? DEFAULT_MAX_DELETES;
  if (totals.delete > maxDeletesAllowed(limit, totals.currentGrants)) {
    lines.push(
      `apply will refuse ${countNoun(totals.delete, "delete", "deletes")}: more than ${isDefaultMaxDeletes(limit) ? "the default " : ""}--max-deletes allows (${describeMaxDeletes(limit, totals.currentGrants)}); pass --max-deletes ${totals.delete} if they are meant.`,
    );
  }
  if (totals.emptied > 0)
    lines.push(
      `${countNoun(totals.emptied, "repository", "repositories")} would lose every explicit grant (apply needs --allow-empty).`,
    );
  if (totals.unknownRepositories + totals.unknownUsers > 0) {
    lines.push(
      `Skipped: ${countNoun(totals.unknownRepositories, "unknown repository", "unknown repositories")}, ${countNoun(totals.unknownUsers, "grant to an unknown user", "grants to unknown users")} (pending):`,
    );
    for (const entry of unknown.slice(0, 20)) {
      lines.push(
        entry.kind === "repository"
          ? `  ${entry.source}: repository ${JSON.stringify(entry.value)}`
          : `  ${entry.source}: user ${JSON.stringify(entry.value)} on ${entry.repository}`,
      );
    }
    const listed = Math.min(unknown.length, 20);
    const all = totals.unknownRepositories + totals.unknownUsers;
    if (all > listed) lines.push(`  … and ${all - listed} more`);
    const hint = emailBindIdHint(
      unknown.flatMap((entry) => (entry.kind === "user" ? [entry.value] : [])),
      options.bindId ?? "username",
    );
    if (hint) lines.push(hint);
  }
  return lines;
}

/**
 * What the inputs' recorded GraphQL calls held besides the permission calls, added up over the files: the calls
 * the HTTP API cannot do (by name and count), the other operations (listed with counts), and the HAR entries
 * skipped. No lines when no input is a file of recorded calls.
 */
export function renderRecordedCalls(inputs: readonly PlanInput[]): string[] {
  const files = inputs.filter((input) => input.calls !== undefined);
  if (files.length === 0) return [];
  let requests = 0;
  let setPermissions = 0;
  let unlisted = 0;
  let skipped = 0;
  const notMigratable = new Map<string, number>();
  const others = new Map<string, number>();
  const add = (map: Map<string, number>, counts: Readonly<Record<string, number>>) => {
    for (const [name, count] of Object.entries(counts)) map.set(name, (map.get(name) ?? 0) + count);
  };
  for (const { calls } of files) {
    if (calls === undefined) continue;
    requests += calls.requests;
    setPermissions += calls.setPermissions;
    unlisted += calls.otherOperationsUnlisted ?? 0;
    skipped += calls.skippedEntries ?? 0;
    add(notMigratable, calls.notMigratable);
    add(others, calls.otherOperations);
  }
  const counted = (map: Map<string, number>) =>
    [...map].map(([name, count]) => `${name} ×${count}`).join(", ");
  const lines = [
    `Recorded calls: ${countNoun(requests, "GraphQL request", "GraphQL requests")} in ${countNoun(files.length, "file", "files")}, ${countNoun(setPermissions, "setRepositoryPermissionsForUsers", "setRepositoryPermissionsForUsers")} (the last one per repository is planned).`,
  ];
  if (notMigratable.size > 0)
    lines.push(`Not migrated (the HTTP API cannot do them yet): ${counted(notMigratable)}.`);
  if (others.size > 0 || unlisted > 0)
    lines.push(
      `Other operations, not migrated: ${counted(others)}${unlisted > 0 ? `${others.size > 0 ? ", " : ""}${unlisted} more` : ""}.`,
    );
  if (skipped > 0)
    lines.push(
      `Skipped ${countNoun(skipped, "HAR entry", "HAR entries")} that ${skipped === 1 ? "is" : "are"} not a POST to /.api/graphql.`,
    );
  return lines;
}

/** `"a" and "b"`. */
function quoted(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(" and ");
}

/** `1 repository`, `2 repositories`: a count with its noun in the right number. */
export function countNoun(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

import type { GraphQLClient } from "@sgkit/graphql";
import type { PermissionsClient } from "@sgkit/permissions";
import { type CallSlots, LOOKAHEAD_PER_SLOT, mapInOrder } from "../concurrency.js";
import type { AclRecord, InputFormat, InputIndex, SourceLocation } from "../inputs/input-types.js";
import { readWinningRecords } from "../inputs/read-winning-records.js";
import { scanInputs } from "../inputs/scan-inputs.js";
import { MigratorError } from "../migrator-error.js";
import {
  parseRepositoryRef,
  type RepositoryRef,
  type ResolvedRepository,
  resolveRepositories,
} from "../resolve/repositories.js";
import {
  type BindIdMode,
  caseOnlyDuplicates,
  createUserLabeler,
  emailBindIdHint,
  resolveUsers,
} from "../resolve/users.js";
import { type AclDiff, aclFingerprint, createAclReader, diffAcl } from "./acl.js";
import {
  MAX_LISTED_UNKNOWNS,
  type PlanInput,
  type PlanRepository,
  type PlanTotals,
  type UnknownReference,
  zeroTotals,
} from "./plan-types.js";

/** What planning needs: the two APIs and the instance's conventions. */
export interface PlanMigrationOptions {
  readonly graphql: GraphQLClient;
  readonly permissions: PermissionsClient;
  readonly bindId: BindIdMode;
  /** `fail` (the default): unknown repositories or users are an error, found before any ACL is read. */
  readonly onUnknown: "skip" | "fail";
  /** ACL reads in flight at once (with `slots`: repositories in progress at once; the slots bound the calls). */
  readonly concurrency: number;
  /**
   * The call slots the clients' requests already run in, one per attempt (the CLI builds its clients on them, see
   * `resilience.ts`), shared with apply. Given, planning leaves the bound on calls in flight to them; absent, it
   * runs its ACL reads in slots of its own, `concurrency` of them.
   */
  readonly slots?: CallSlots;
  /**
   * Called once the input files are read and checked, before the first call to the instance (the CLI's preflight):
   * bad input never waits on a server.
   */
  readonly onScanned?: () => Promise<void> | void;
  readonly format?: InputFormat;
  readonly signal?: AbortSignal;
  /** Receives the inputs once they are read and checked, before any repository. */
  readonly onInputs?: (inputs: readonly PlanInput[]) => Promise<void> | void;
  /** Receives each known repository's plan, in input order, including those with nothing to change. */
  readonly onRepository: (repository: PlanRepository) => Promise<void> | void;
  /** Receives each winning record that names users no one has yet (to write a pending file). */
  readonly onPending?: (record: AclRecord, unknownBindIds: readonly string[]) => Promise<void> | void;
}

/** What planning found besides the repositories. */
export interface PlanSummary {
  readonly inputs: readonly PlanInput[];
  readonly unknown: readonly UnknownReference[];
  readonly totals: PlanTotals;
}

/**
 * The desired state against the current one, repository by repository: reads the inputs (two streamed passes),
 * resolves repositories and users with batched GraphQL lookups, reads each winning repository's ACL once, and
 * hands its diff to `onRepository`. Memory holds the distinct repositories and users and a window of ACLs, never
 * the whole input.
 *
 * @throws {MigratorError} for unknown repositories or users under `onUnknown: "fail"` (listing them with file
 *   and line), and the inputs' errors.
 */
export async function planMigration(
  paths: readonly string[],
  options: PlanMigrationOptions,
): Promise<PlanSummary> {
  const signal = options.signal;
  const callOptions = signal ? { signal } : {};
  const index = await scanInputs(paths, {
    ...(options.format ? { format: options.format } : {}),
    ...callOptions,
  });
  await options.onScanned?.();

  const inputs = index.files.map(({ path, format, sha256, bytes, calls }) => ({
    path,
    format,
    sha256,
    bytes,
    ...(calls ? { calls } : {}),
  }));
  const references = parseReferences(index);
  const [repositories, users] = await Promise.all([
    resolveRepositories(options.graphql, references, callOptions),
    resolveUsers(options.graphql, index.bindIds.keys(), options.bindId, callOptions),
  ]);
  const { winners, sameRepository } = winningReferences(index, repositories);
  const recordOptions = { ...callOptions, sameRepository };

  const unknownRepositories = [...repositories]
    .filter(([, repository]) => repository === null)
    .map(([reference]) => unknownRepository(reference, index));
  if (options.onUnknown === "fail") {
    const unknownUsers = [...users.values()].includes(null)
      ? await findUnknownUsers(index, winners, users, sameRepository)
      : [];
    failOnUnknown([...unknownRepositories, ...unknownUsers], options.bindId);
  }
  await options.onInputs?.(inputs);

  const known = new Map<number, string>();
  for (const [bindId, id] of users) if (id !== null && !known.has(id)) known.set(id, bindId);
  // Reads stop when planning stops (an error, or the caller's signal), rather than running on unheard.
  const stop = new AbortController();
  const readOptions = { signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal };
  const labeler = createUserLabeler(options.graphql, known, readOptions);
  // The clients' own slots, or (without them) slots of planning's own around each ACL read.
  const readAcl = createAclReader(options, readOptions);

  const unknown: UnknownReference[] = unknownRepositories.slice(0, MAX_LISTED_UNKNOWNS);
  const totals = zeroTotals();
  totals.unknownRepositories = unknownRepositories.length;

  interface Item {
    readonly record: AclRecord;
    readonly repository: ResolvedRepository;
    readonly desired: Set<number>;
    readonly labels: Map<number, string>;
    /** Its bindIDs that differ only in case, grouped. */
    readonly caseOnly: string[][];
  }
  interface Planned {
    readonly item: Item;
    readonly current: Set<number>;
    readonly diff: AclDiff;
  }
  const read = async (item: Item): Promise<Planned> => {
    const current = await readAcl(item.repository.id);
    const diff = diffAcl(item.desired, current);
    await labeler.load(diff.delete);
    return { item, current, diff };
  };
  const emit = async ({ item, current, diff }: Planned): Promise<void> => {
    totals.repositories += 1;
    totals.create += diff.create.length;
    totals.delete += diff.delete.length;
    totals.unchanged += diff.unchanged;
    totals.currentGrants += current.size;
    if (diff.create.length + diff.delete.length > 0) totals.changed += 1;
    if (item.desired.size === 0 && current.size > 0) totals.emptied += 1;
    await options.onRepository({
      repository: item.repository.id,
      name: item.repository.name,
      source: where(item.record.location),
      observed: { count: current.size, fingerprint: aclFingerprint(current) },
      desired: item.desired.size,
      create: diff.create.map((user) => ({ user, label: item.labels.get(user) ?? `users/${user}` })),
      delete: diff.delete.map((user) => ({ user, label: labeler.label(user) ?? `users/${user}` })),
      ...(item.record.references ? { references: item.record.references } : {}),
      ...(item.caseOnly.length > 0
        ? { caseOnly: item.caseOnly.map((bindIds) => ({ bindIds, oneUser: options.bindId === "username" })) }
        : {}),
    });
  };
  /** The winning records of known repositories, resolved; unknown users counted and handed to `onPending`. */
  async function* items(): AsyncGenerator<Item> {
    for await (const record of readWinningRecords(index, recordOptions)) {
      const repository = repositories.get(record.repository);
      if (!repository || winners.get(repository.id) !== record.repository) continue;
      const desired = new Set<number>();
      const labels = new Map<number, string>();
      const missing: string[] = [];
      for (const { bindId, line } of record.users) {
        const id = users.get(bindId);
        if (id === null || id === undefined) {
          missing.push(bindId);
          totals.unknownUsers += 1;
          if (unknown.length < MAX_LISTED_UNKNOWNS) {
            unknown.push({
              kind: "user",
              value: bindId,
              source: where({ file: record.location.file, line }),
              repository: repository.name,
            });
          }
        } else {
          desired.add(id);
          if (!labels.has(id)) labels.set(id, bindId);
        }
      }
      if (missing.length > 0) await options.onPending?.(record, missing);
      const caseOnly = caseOnlyDuplicates(record.users.map((user) => user.bindId));
      yield { record, repository, desired, labels, caseOnly };
    }
  }

  try {
    // Each ACL read starts as soon as a call slot frees; repositories are handed on in input order.
    for await (const planned of mapInOrder(items(), options.concurrency * LOOKAHEAD_PER_SLOT, read)) {
      await emit(planned);
    }
  } finally {
    stop.abort();
  }

  return {
    inputs,
    unknown,
    totals,
  };
}

/** What {@link verifyMigration} found. */
export interface VerifyResult {
  /** Whether every known repository's ACL is exactly its desired one. */
  readonly inSync: boolean;
  /** Permissions that differ: grants missing plus grants in excess. */
  readonly drift: number;
  readonly summary: PlanSummary;
}

/** What {@link verifyMigration} needs: planning's options, with `onDrift` for each repository that differs. */
export type VerifyMigrationOptions = Omit<PlanMigrationOptions, "onRepository" | "onInputs"> & {
  readonly onDrift?: (repository: PlanRepository) => Promise<void> | void;
};

/**
 * The last step: reads the instance again and compares each repository's ACL with the inputs, as planning does,
 * without writing anything. A repository that differs is handed to `onDrift` with the operations that would fix it.
 */
export async function verifyMigration(
  paths: readonly string[],
  options: VerifyMigrationOptions,
): Promise<VerifyResult> {
  const { onDrift, ...planning } = options;
  const summary = await planMigration(paths, {
    ...planning,
    onRepository: (repository) =>
      repository.create.length + repository.delete.length > 0 ? onDrift?.(repository) : undefined,
  });
  const drift = summary.totals.create + summary.totals.delete;
  return { inSync: drift === 0, drift, summary };
}

/** `acl.ndjson:12`. */
export function where(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}

function parseReferences(index: InputIndex): Map<string, RepositoryRef> {
  const references = new Map<string, RepositoryRef>();
  for (const [reference, location] of index.repositories) {
    try {
      references.set(reference, parseRepositoryRef(reference));
    } catch (error) {
      throw new MigratorError(`${where(location)}: field "repository": ${(error as Error).message}`);
    }
  }
  return references;
}

/**
 * Which reference wins for each repository id: the one whose record comes last, so that `github.com/a/b` and
 * its node ID in two records behave like two legacy calls on one repository. In CSV, where a repository's record
 * is all its rows in the file, the rows of every reference to one repository in the winning file are one record
 * (`sameRepository` groups them for `readWinningRecords`), named by the reference of its last row, which wins.
 */
function winningReferences(
  index: InputIndex,
  repositories: ReadonlyMap<string, ResolvedRepository | null>,
): { winners: Map<number, string>; sameRepository: Map<string, string> } {
  const best = new Map<number, { reference: string; file: number; closesAt: number }>();
  const byId = new Map<number, string[]>();
  for (const [reference, location] of index.repositories) {
    const repository = repositories.get(reference);
    if (!repository) continue;
    const references = byId.get(repository.id);
    if (references) references.push(reference);
    else byId.set(repository.id, [reference]);
    const { fileIndex: file, closesAt } = location;
    const current = best.get(repository.id);
    if (!current || file > current.file || (file === current.file && closesAt > current.closesAt)) {
      best.set(repository.id, { reference, file, closesAt });
    }
  }
  const sameRepository = new Map<string, string>();
  for (const [id, { file }] of best) {
    if (index.files[file]?.format !== "csv") continue;
    const gathered = (byId.get(id) ?? []).filter(
      (reference) => index.repositories.get(reference)?.fileIndex === file,
    );
    // A key no reference can be: inputs refuse NUL.
    if (gathered.length > 1) for (const reference of gathered) sameRepository.set(reference, `\u0000${id}`);
  }
  return { winners: new Map([...best].map(([id, { reference }]) => [id, reference])), sameRepository };
}

function unknownRepository(reference: string, index: InputIndex): UnknownReference {
  const location = index.repositories.get(reference) as SourceLocation;
  return { kind: "repository", value: reference, source: where(location) };
}

async function findUnknownUsers(
  index: InputIndex,
  winners: ReadonlyMap<number, string>,
  users: ReadonlyMap<string, number | null>,
  sameRepository: ReadonlyMap<string, string>,
): Promise<UnknownReference[]> {
  const winning = new Set(winners.values());
  const found: UnknownReference[] = [];
  for await (const record of readWinningRecords(index, { sameRepository })) {
    if (!winning.has(record.repository)) continue;
    for (const { bindId, line } of record.users) {
      if (users.get(bindId) === null) {
        found.push({
          kind: "user",
          value: bindId,
          source: where({ file: record.location.file, line }),
          repository: record.repository,
        });
      }
    }
  }
  return found;
}

function failOnUnknown(unknown: readonly UnknownReference[], bindId: BindIdMode): void {
  if (unknown.length === 0) return;
  const shown = unknown
    .slice(0, 20)
    .map((entry) =>
      entry.kind === "repository"
        ? `  ${entry.source}: unknown repository ${JSON.stringify(entry.value)}`
        : `  ${entry.source}: unknown user ${JSON.stringify(entry.value)} (repository ${entry.repository})`,
    );
  const more = unknown.length > shown.length ? [`  … and ${unknown.length - shown.length} more`] : [];
  const hint = emailBindIdHint(
    unknown.flatMap((entry) => (entry.kind === "user" ? [entry.value] : [])),
    bindId,
  );
  throw new MigratorError(
    [
      `The instance does not know ${unknown.length} of the inputs' repositories or users (nothing was changed):`,
      ...shown,
      ...more,
      ...(hint ? [hint] : []),
      "Fix the inputs, or pass --on-unknown skip to plan the rest (unknown users are then written to a pending file for a later run).",
    ].join("\n"),
  );
}

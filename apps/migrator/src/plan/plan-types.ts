// The boundary between planning and applying: what a plan file holds. Ids are the instance's numeric ids, the
// ones the HTTP API's resource names carry; labels are for people and are never used to act.

import type { InputFormat, RecordedCalls } from "../inputs/input-types.js";
import type { BindIdMode } from "../resolve/users.js";

/** One user of an operation: the numeric id acted on, and how to show it. */
export interface PlanUser {
  readonly user: number;
  /** The bindID the input gave (creates) or the username the instance reported (deletes). */
  readonly label: string;
}

/** The changes to one repository's explicit ACL, and the state they were computed from. */
export interface PlanRepository {
  readonly repository: number;
  readonly name: string;
  /** Where the winning record is, `acl.ndjson:12`. */
  readonly source: string;
  /** The ACL read while planning: its size and fingerprint (see `aclFingerprint`). Apply refuses a drifted one. */
  readonly observed: { readonly count: number; readonly fingerprint: string };
  /** The size of the desired ACL (known users only). */
  readonly desired: number;
  /** Users to grant, ascending by id. Applied before any delete of the repository. */
  readonly create: readonly PlanUser[];
  /** Users to revoke, ascending by id. */
  readonly delete: readonly PlanUser[];
  /**
   * Every form the inputs named it in, when its record gathers CSV rows that named it in more than one (its name
   * and its id, say): those rows are one ACL. Absent otherwise.
   */
  readonly references?: readonly string[];
  /**
   * The bindIDs of its record that differ only in case (`Alice` and `alice`), each group as written, and whether
   * they are one user: by username they are (the server compares usernames in any case); by email they are not
   * (bindID emails are exact, so at most one is a user's email). Absent when there are none.
   */
  readonly caseOnly?: readonly { readonly bindIds: readonly string[]; readonly oneUser: boolean }[];
}

/** An input file the plan was made from. */
export interface PlanInput {
  readonly path: string;
  readonly format: InputFormat;
  readonly sha256: string;
  readonly bytes: number;
  /** A file of recorded GraphQL calls: what it held besides the permission calls (not migrated). */
  readonly calls?: RecordedCalls;
}

/** A repository or user of the inputs that the instance does not know. */
export interface UnknownReference {
  readonly kind: "repository" | "user";
  /** The repository reference or bindID as written. */
  readonly value: string;
  /** `acl.ndjson:12`. */
  readonly source: string;
  /** For a user: the repository whose record names it. */
  readonly repository?: string;
}

/** What the plan adds up to. */
export interface PlanTotals {
  /** Repositories of the inputs that the instance knows (each counted once, the last record winning). */
  readonly repositories: number;
  /** Repositories with at least one operation. */
  readonly changed: number;
  readonly create: number;
  readonly delete: number;
  /** Desired grants already in place. */
  readonly unchanged: number;
  /** Explicit grants the planned repositories had when read: the base of `--max-deletes N%`. */
  readonly currentGrants: number;
  /** Repositories whose desired ACL is empty while they have grants (need `--allow-empty`). */
  readonly emptied: number;
  readonly unknownRepositories: number;
  readonly unknownUsers: number;
}

/** Totals of nothing yet, to add to as repositories are planned (a plan's or a rollback's). */
export function zeroTotals(): { -readonly [K in keyof PlanTotals]: PlanTotals[K] } {
  return {
    repositories: 0,
    changed: 0,
    create: 0,
    delete: 0,
    unchanged: 0,
    currentGrants: 0,
    emptied: 0,
    unknownRepositories: 0,
    unknownUsers: 0,
  };
}

/** Everything of a plan file except its repositories, which are streamed. */
export interface PlanHeader {
  readonly format: "sgkit-migrate-plan";
  readonly version: 1;
  readonly createdAt: string;
  /** The instance the plan was read from; apply refuses another. */
  readonly endpoint: string;
  readonly bindId: BindIdMode;
  readonly inputs: readonly PlanInput[];
  /**
   * A rollback plan's (`sgkit-migrate rollback`): the journal of the apply it undoes (also its one input) and that
   * apply's plan id. Absent from a plan of inputs.
   */
  readonly rollbackOf?: { readonly journal: string; readonly planId: string };
}

/** The end of a plan file: what follows the repositories. */
export interface PlanTrailer {
  /** Unknown repositories and users, at most `MAX_LISTED_UNKNOWNS` of them; totals count them all. */
  readonly unknown: readonly UnknownReference[];
  readonly totals: PlanTotals;
  /**
   * The hex SHA-256 of every line of the file as written, this last one included without its `planId` field:
   * identifies the plan (its operations, the state they were computed from, and these totals) and detects edits.
   * A journal is bound to it.
   */
  readonly planId: string;
}

/** A plan's unknowns beyond this many are counted, not listed. */
export const MAX_LISTED_UNKNOWNS = 1000;

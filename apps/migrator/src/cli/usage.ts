import { COMMANDS, type Command, takesFlag } from "./arguments.js";

const CONNECTION = `Connection (as src-cli): SRC_ENDPOINT, SRC_ACCESS_TOKEN, SRC_GRAPHQL_ACCESS_TOKEN, SRC_HEADER_<name>,
SRC_HEADERS, SRC_PROXY. A site admin's tokens: GraphQL needs the user:all scope; the /api/ HTTP API takes
externalapi:read and externalapi:write (user:all works too, each use audit-logged) and the RBAC permissions
REPO_PERMISSIONS#READ and #WRITE. So either one user:all token in SRC_ACCESS_TOKEN, or a scoped one there and a
user:all one in SRC_GRAPHQL_ACCESS_TOKEN. Both are checked before anything else is read from the instance, once
the input files are read and checked (bad input never waits on a server).
  --endpoint <url>          the Sourcegraph instance (instead of SRC_ENDPOINT)
  --token-file <file>       read the /api/ token (and GraphQL's, when no other is given) from a file (instead of
                            SRC_ACCESS_TOKEN)
  --graphql-token-file <file>
                            read GraphQL's user:all token from a file (instead of SRC_GRAPHQL_ACCESS_TOKEN)
  --allow-insecure-http     send the token over plain http:// even where anyone on the network could read it:
                            to a host other than this machine, or through an http:// or socks5:// SRC_PROXY`;

/** The options several commands share, each listed in the help of a command only when that command takes it. */
const SHARED: readonly {
  readonly flag: string;
  readonly text: string;
  /** Its text for a command that reads it otherwise; empty: accepted there but meaningless, so not listed. */
  readonly per?: Partial<Record<Command, string>>;
}[] = [
  {
    flag: "bind-id",
    text: "  --bind-id username|email  how the inputs name users (the instance's permissions.userMapping.bindID); default username",
    per: {
      export:
        "  --bind-id username|email  how the file names users (the instance's permissions.userMapping.bindID); default username",
      bridge:
        "  --bind-id username|email  how the calls' bindIDs name users (the instance's permissions.userMapping.bindID); default username",
    },
  },
  {
    flag: "on-unknown",
    text: "  --on-unknown skip|fail    unknown repositories or users: fail before any write (default), or skip them",
    // Export accepts it (as it always did) but reads no input, so it names nothing that can be unknown.
    per: { export: "" },
  },
  {
    flag: "format",
    text: `  --format ndjson|json|csv|har
                            the inputs' format (default: from each file's extension; .har is HAR)`,
    per: {
      export: "  --format ndjson|json|csv  the file's format (default: from --out's extension, else NDJSON)",
    },
  },
  {
    flag: "concurrency",
    text: "  --concurrency <n>         the most calls in flight; below it the number adapts to the server (default 64)",
  },
  {
    flag: "fixed-concurrency",
    text: "  --fixed-concurrency       exactly --concurrency calls in flight, never adapted to the server",
  },
  {
    flag: "max-outage",
    text: `  --max-outage <duration>   give up after this long without one successful call (default 10m; e.g. 30s, 1h).
                            Until then a failing call is retried with backoff (Retry-After honoured), and when
                            nothing succeeds the run pauses and probes one call at a time, resuming on its own`,
  },
  {
    flag: "json",
    text: "  --json                    machine-readable results on stdout; messages stay on stderr",
  },
];

const HELP_LINE = "  -h, --help                this help";

/** The line(s) of a shared option in the help of `command`: empty when it does not take it (or it means nothing there). */
function sharedText(command: Command, option: (typeof SHARED)[number]): string {
  if (!takesFlag(command, option.flag)) return "";
  return option.per?.[command] ?? option.text;
}

/** The connection and the shared options `command` takes; for the overview, every one, saying which commands. */
function common(command?: Command): string {
  if (command === undefined) {
    const lines = SHARED.map((option) => {
      const takers = COMMANDS.filter((name) => sharedText(name, option) !== "");
      return takers.length === COMMANDS.length
        ? option.text
        : `${option.text}\n                            (${takers.join(", ")} only)`;
    });
    return `${CONNECTION}\nOptions (each command's --help lists the ones it takes):\n${[...lines, HELP_LINE].join("\n")}`;
  }
  const lines = SHARED.map((option) => sharedText(command, option)).filter((text) => text !== "");
  return `${CONNECTION}\nShared options:\n${[...lines, HELP_LINE].join("\n")}`;
}

const TEXT: Record<Command | "main", string> = {
  main: `sgkit-migrate: moves legacy setRepositoryPermissionsForUsers ACLs to Sourcegraph's explicit repo
permissions HTTP API with the fewest per-user Create/Delete calls.

Usage:
  sgkit-migrate plan <input>... [--out plan.json]     show (and save) what would change
  sgkit-migrate apply <plan.json>                     apply a saved plan exactly
  sgkit-migrate apply <input>... --yes                plan and apply at once
  sgkit-migrate verify <input>...                     compare the instance with the inputs
  sgkit-migrate export [--out acl.ndjson]             back up the current explicit ACLs
  sgkit-migrate rollback <journal> [--out r.json]     undo what an apply did (a plan to review, or --yes)
  sgkit-migrate bridge [--listen 127.0.0.1:7080]      serve legacy setRepositoryPermissionsForUsers calls on the HTTP API

Inputs (the desired state; a repository listed twice: the last record wins):
  NDJSON/JSON  {"repository": "github.com/acme/api" | "<node ID>" | 123, "users": ["alice", "bob@example.com"]}
               or the legacy mutation's variables {"repository": "<node ID>", "userPermissions": [{"bindID": "alice"}]}
  CSV          repository,user   (a header row, then one row per grant)
  Recorded     legacy GraphQL calls: NDJSON or a JSON array of {"query", "variables", "operationName"} (told
  calls        from ACL records by "query"), or a HAR file (.har or --format har; POSTs to /.api/graphql).
               The last setRepositoryPermissionsForUsers per repository wins; other operations and
               setRepositoryPermissionsUnrestricted / setSubRepositoryPermissionsForUsers are counted, not migrated

Run sgkit-migrate <command> --help for a command's options and examples.
Exit codes: 0 success / no changes / in sync, 2 changes planned / drift found, 1 error.

${common()}
`,
  plan: `sgkit-migrate plan <input>... [--out plan.json] [--pending-out pending.ndjson] [--max-diff-lines N]

Reads the inputs and each repository's current ACL, and shows the diff terraform-style (+ grant, - revoke)
with totals. With --out, saves the plan (no token in it) for apply. Exit 0: no changes; 2: changes; 1: error.
Unknown users (with --on-unknown skip) are written to --pending-out (default <out>.pending.ndjson) to retry later.

Examples:
  sgkit-migrate plan acls.ndjson
  sgkit-migrate plan acls.ndjson more.csv --out plan.json
  sgkit-migrate plan legacy-variables.json --bind-id email --on-unknown skip --out plan.json

${common("plan")}
`,
  apply: `sgkit-migrate apply <plan.json> | <input>... --yes
  [--resume] [--journal <file>] [--concurrency N] [--max-rps N] [--max-deletes N|P%] [--allow-empty]
  [--max-plan-age <duration>] [--max-outage <duration>] [--fixed-concurrency]

Applies a plan: for each repository it re-reads the ACL and skips it if it changed since the plan, creates
before it deletes, then reads the ACL back and reports it if someone else changed it meanwhile. Refuses, before
any write: a plan for another instance, a plan older than --max-plan-age (e.g. 30m, 2h), more deletes than
--max-deletes (default 5% of the current grants, and at least 10), emptying an ACL without --allow-empty.
No delete starts after a call failed. One apply at a time per instance: a lock under $XDG_STATE_HOME/sgkit-migrate (default
~/.local/state). Every outcome goes to the plan's journal (default <plan>.journal, or
sgkit-migrate-<plan id>.journal in the current directory for inputs). After a crash, or Ctrl-C (which lets the
calls in flight finish; a second one aborts them), run the command it prints, the same one with --resume:
nothing finished is done again. A finished journal is never resumed: plan again instead.
Transient failures (resets, lost answers, timeouts, 429, 5xx) are retried and an outage is waited out (the
progress line says so); after --max-outage (default 10m) without one successful call, apply stops, says what
was failing and since when, and prints the command that resumes it.
Exit 0: everything applied and read back; 1: something failed, was skipped or changed meanwhile, or an error;
130: stopped by Ctrl-C.

Examples:
  sgkit-migrate plan acls.ndjson --out plan.json && sgkit-migrate apply plan.json
  sgkit-migrate apply plan.json --resume
  sgkit-migrate apply acls.ndjson --yes --max-rps 50 --max-deletes 1000

${common("apply")}
`,
  verify: `sgkit-migrate verify <input>...

Reads the instance again and compares it with the inputs. Exit 0: in sync; 2: drift (the diff is shown); 1: error.

Examples:
  sgkit-migrate verify acls.ndjson
  sgkit-migrate verify acls.ndjson --json

${common("verify")}
`,
  export: `sgkit-migrate export [--out acl.ndjson [--force]]

Writes the instance's current explicit ACLs (every repository the token sees, read with the HTTP API's List)
as an ACL file: the backup to take before apply, and an input of plan and apply. Format from --format or the
extension of --out (default NDJSON on stdout). A file already at --out is replaced only with --force.

Examples:
  sgkit-migrate export --out backup.ndjson
  sgkit-migrate export --format csv > backup.csv
  sgkit-migrate apply backup.ndjson --yes --allow-empty   # bring the instance back to the backup

${common("export")}
`,
  rollback: `sgkit-migrate rollback <journal> [--out rollback-plan.json] [--yes]
  [--journal <file>] [--concurrency N] [--max-rps N] [--max-deletes N|P%] [--allow-empty] [--max-diff-lines N]

Undoes what an apply did, from its journal (<plan>.journal, or sgkit-migrate-<plan id>.journal for inputs): each
grant it made is revoked, each revocation it made is granted back, and a write whose call failed is brought back
to where the apply found it. Permissions the apply found already in place are left alone. The journal must be of
a finished apply to this instance (finish a stopped one with apply --resume first), or of a bridge that has
stopped (a running bridge's is refused: stop it first); every write the bridge made is undone.
Every repository is read first: one that someone changed since the apply is left alone and listed. The users the
apply wrote are always checked; with the apply's plan file beside the journal, the whole ACL is.
The rollback is a plan like any other: shown (+ grant, - revoke), saved with --out and applied with
sgkit-migrate apply <rollback plan>, with apply's guardrails (--max-deletes, --allow-empty), lock, journal, drift
checks, report and --resume. --yes saves it (to --out, else <journal>.rollback-plan.json) and applies it at once.
Exit without --yes: 0 nothing to roll back, 2 a rollback planned, 1 error. With --yes: as apply, and 1 when a
repository was left alone because it changed since.

Examples:
  sgkit-migrate rollback plan.json.journal --out rollback-plan.json && sgkit-migrate apply rollback-plan.json
  sgkit-migrate rollback plan.json.journal --yes --allow-empty

${common("rollback")}
`,
  bridge: `sgkit-migrate bridge [--listen host:port] [--dry-run] [--journal <file>] [--pending-out <file>]
  [--bind-id username|email] [--concurrency N] [--fixed-concurrency] [--max-outage <duration>] [--json]

Serves the legacy GraphQL endpoint (POST /.api/graphql) in front of the instance, so that an integration that
sends setRepositoryPermissionsForUsers moves to the HTTP API by changing its URL to the one printed on stdout.
Each such call (inline arguments or variables, aliases, several in one request) becomes the fewest Create/Delete
calls (List, diff, creates before deletes, read back), made with the bridge's own tokens and journaled; the legacy
answer is sent once the repository is converged, errors as GraphQL errors. Calls for one repository are applied
one at a time in arrival order; different repositories in parallel under the adaptive limit.
The caller's own Authorization header must belong to a site admin (checked with the instance, remembered 60 s).
Every other request (queries, setRepositoryPermissionsUnrestricted, setSubRepositoryPermissionsForUsers) goes to
the instance unchanged with the caller's credentials; a request mixing the permission mutation with other fields
is refused. Users that do not exist yet go to the pending file (NDJSON, an input of plan/apply) and are granted
when a later call names them and the user exists, while a bridge runs (a restart reloads those still unknown).
  --listen host:port        where to listen (default 127.0.0.1:7080; port 0: any free port)
  --dry-run                 answer success and log what would be written; write nothing (no journal either)
  --journal <file>          the journal of every write (default sgkit-migrate-bridge-<time>.journal)
  --pending-out <file>      the pending file (default <journal>.pending.ndjson)
GET /healthz answers 200 with counts once listening. One JSON line per call on stderr (repository, creates,
deletes, durationMs, outcome; never a token). Ctrl-C or SIGTERM: stops accepting, finishes the calls received,
flushes the journal and prints the report. Exit 0 once stopped; 1 if it gave up on the instance (--max-outage).

Examples:
  sgkit-migrate bridge
  sgkit-migrate bridge --listen 0.0.0.0:7080 --bind-id email --journal bridge.journal
  sgkit-migrate bridge --dry-run

${common("bridge")}
`,
};

/** The help of `command`, or the overview. */
export function usage(command?: Command): string {
  return TEXT[command ?? "main"];
}

/** The `--help` text of `sgkit-emulator`. */
export function usage(): string {
  return `Usage: sgkit-emulator [options]

A local emulator of Sourcegraph's APIs for tests, demos and CI. Over one state it serves
  - the explicit repository permissions API (Connect): POST <url>/api/explicitrepopermissions.v1.Service/<Method>
    (Authorization: Bearer <token>);
  - the legacy GraphQL API: POST <url>/.api/graphql (Authorization: token <token>, token-sudo or Bearer):
    repositories, users, repository permissions, sub-repository permissions, search contexts;
  - streaming search: GET <url>/.api/search/stream?q=<query> (server-sent events; same auth as GraphQL,
    anonymous allowed) over the instance's repository files, honouring permissions and search contexts.
It prints its URL and tokens, and runs until SIGINT (Ctrl+C) or SIGTERM. With no --seed it runs the
built-in sample instance.

Options:
  --port <n>                 port to listen on (default 0: a free port)
  --host <address>           interface to listen on (default 127.0.0.1)
  --seed <file.json>         the instance to emulate (users, orgs, repositories, tokens, permissions,
                             sub-repository permissions, search contexts)
  --no-license               without the "Explicit Permissions API" license feature (every HTTP API
                             call and the GraphQL permission mutations fail)
  --bind-id <mode>           how legacy bindIDs name users: username (default) or email
  --fault-rate <0..1>        probability that a call (a Connect method, a GraphQL operation or a search) fails
                             with an injected fault (default 0)
  --fault-seed <n>           seed of the fault decisions, so a failure replays (default 0)
  --fault-kinds <list>       kinds and weights, e.g. unavailable=2,rateLimited,reset,lostAnswer
                             (default: all four, weight 1)
  --retry-after <seconds>    Retry-After of injected 429 answers (default 1)
  --latency-ms <n>           latency added to every call (default 0)
  --latency-jitter-ms <n>    plus a random 0..n ms (default 0)
  --capacity-workers <n>     turn the capacity model on with n workers
  --capacity-service-ms <n>  time each call holds a worker (default 0)
  --capacity-row-ms <n>      extra time per List row returned (default 0)
  --capacity-queue-ms <n>    longest wait for a worker before 503 unavailable (default 1000)
  --graphql-alias-limit <n>  most aliases one GraphQL request may use; more is 400
                             ErrQueryComplexityLimitExceeded (default 500)
  --json                     print one JSON line {url, tokens} instead of the text summary
  --version                  print the version
  --help                     print this help
`;
}

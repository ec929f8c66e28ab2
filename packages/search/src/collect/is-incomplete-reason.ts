/**
 * Whether a `progress.skipped` reason means the search stopped early (so "no results" may not be true): `display`,
 * and any reason naming a limit or a timeout, such as `document-match-limit`, `shard-match-limit`,
 * `repository-limit` and `shard-timeout`, including ones newer servers may add. Reasons that only describe what
 * was left out by design (`repository-fork`, `excluded-archive`, `repository-cloning`, `repository-missing`,
 * `backend-missing`) do not count.
 */
export function isIncompleteReason(reason: string): boolean {
  return reason === "display" || /(^|-)(limit|timeout)(-|$)/.test(reason);
}

/** What it takes to turn one ACL into another. */
export interface AclDiff {
  /** Desired users the ACL lacks, ascending. */
  readonly create: number[];
  /** Users the ACL has and should not, ascending. */
  readonly delete: number[];
  /** Desired users already in the ACL. */
  readonly unchanged: number;
}

/** creates = desired − current, deletes = current − desired. */
export function diffAcl(desired: ReadonlySet<number>, current: ReadonlySet<number>): AclDiff {
  const create: number[] = [];
  let unchanged = 0;
  for (const user of desired) {
    if (current.has(user)) unchanged += 1;
    else create.push(user);
  }
  const remove: number[] = [];
  for (const user of current) if (!desired.has(user)) remove.push(user);
  return { create: create.sort(ascending), delete: remove.sort(ascending), unchanged };
}

function ascending(a: number, b: number): number {
  return a - b;
}

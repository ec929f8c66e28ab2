/**
 * A GraphQL document of fragments each spreading the previous one twice, `levels` deep, selecting
 * `currentUser { id }` at the bottom: about 40 bytes a level, 2^levels fields once expanded. Counting it field by
 * field (or executing it so) takes time doubling with every level.
 */
export function doublingFragments(levels: number): string {
  const lines = ["fragment F0 on Query { currentUser { id } }"];
  for (let level = 1; level <= levels; level++) {
    lines.push(`fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }`);
  }
  lines.push(`query Bomb { ...F${levels} }`);
  return lines.join("\n");
}

/** `1 repository`, `2 repositories`: a count with its noun in the right number. */
export function countNoun(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

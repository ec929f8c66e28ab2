import type { AliasedLookup } from "./aliased-lookup.js";

/**
 * The aliased query that looks up `keys` with `lookup`, and its variables. Keys travel as variables (`$n0`, …),
 * never inside the query text, so no key can change the query.
 */
export function aliasedLookupQuery<TAnswer, TValue>(
  lookup: AliasedLookup<TAnswer, TValue>,
  keys: readonly string[],
): { query: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  const parameters: string[] = [];
  const fields: string[] = [];
  const selection = lookup.selection.map((line) => `    ${line}`).join("\n");
  for (const [index, key] of keys.entries()) {
    variables[`n${index}`] = key;
    parameters.push(`$n${index}: ${lookup.variableType}`);
    fields.push(`  ${lookup.alias}${index}: ${lookup.field(`$n${index}`)} {\n${selection}\n  }`);
  }
  return {
    query: `query ${lookup.operationName}(${parameters.join(", ")}) {\n${fields.join("\n")}\n}`,
    variables,
  };
}

import { type DocumentNode, Kind, type SelectionSetNode } from "graphql";

/**
 * How many aliased fields the operation `operationName` (or the document's only operation) would resolve,
 * counting a fragment again at every spread, as a server's cost check must (aliases are how one request asks
 * for many objects). The document is assumed valid (no fragment cycles).
 */
export function countAliases(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, SelectionSetNode>();
  const operations: SelectionSetNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition.selectionSet);
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      if (operationName == null || definition.name?.value === operationName)
        operations.push(definition.selectionSet);
    }
  }
  const count = (selectionSet: SelectionSetNode, depth: number): number => {
    if (depth > 100) return 0;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total++;
        if (selection.selectionSet) total += count(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet, depth + 1);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) total += count(fragment, depth + 1);
      }
    }
    return total;
  };
  return Math.max(0, ...operations.map((operation) => count(operation, 0)));
}

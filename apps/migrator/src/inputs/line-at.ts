import type { FieldPath } from "./format-field-path.js";

/**
 * The lines of a parsed JSON value, shaped like the value: a number for a scalar, a node for an object (field
 * name to lines) or an array (index to lines). Kept beside a record so messages point at the bad value's line.
 */
export type LineTree = number | LineNode;

export interface LineNode {
  readonly line: number;
  readonly children: Map<string, LineTree> | LineTree[];
}

/** The line where the value at `path` starts; the deepest existing parent's line when the path is missing. */
export function lineAt(tree: LineTree, path: FieldPath): number {
  let node = tree;
  for (const step of path) {
    if (typeof node === "number") return node;
    const child = Array.isArray(node.children)
      ? typeof step === "number"
        ? node.children[step]
        : undefined
      : node.children.get(String(step));
    if (child === undefined) return node.line;
    node = child;
  }
  return typeof node === "number" ? node : node.line;
}

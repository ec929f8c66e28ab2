/** A node's key: what Sourcegraph marshals as JSON after `Kind:` (a number, a string such as a spec, …). */
export type NodeIdKey =
  | string
  | number
  | boolean
  | null
  | readonly NodeIdKey[]
  | { readonly [key: string]: NodeIdKey };

/** A decoded node ID. */
export interface DecodedNodeId {
  /** The node's kind, such as `Repository`, `User` or `SearchContext`. */
  kind: string;
  /** The node's key, parsed from its JSON: `123` for `Repository:123`, `"@u/ctx"` for `SearchContext:"@u/ctx"`. */
  key: NodeIdKey;
}

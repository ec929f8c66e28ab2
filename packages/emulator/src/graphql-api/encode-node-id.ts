/**
 * A GraphQL node ID by relay's rule, as Sourcegraph's Go server makes them (`relay.MarshalID`): URL-safe
 * base64 with padding of `Kind:` followed by the JSON of the key. `encodeNodeId("Repository", 123)` is
 * `UmVwb3NpdG9yeToxMjM=`; a search context is keyed by its spec, `encodeNodeId("SearchContext", "@u/ctx")`.
 */
export function encodeNodeId(kind: string, key: unknown): string {
  return base64UrlWithPadding(Buffer.from(`${kind}:${JSON.stringify(key)}`, "utf8"));
}

/** Go's `base64.URLEncoding`: the URL-safe alphabet, with `=` padding. */
export function base64UrlWithPadding(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replaceAll("+", "-").replaceAll("/", "_");
}

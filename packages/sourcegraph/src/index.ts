// The public API of @sgkit/sourcegraph: the one configured client, and the types a caller names with it.

export type { Connection, ConnectionOptions } from "@sgkit/core";
export type { GraphQLClient } from "@sgkit/graphql";
export type { PermissionsClient } from "@sgkit/permissions";
export type { SearchClient } from "@sgkit/search";
export { createSourcegraph, type Sourcegraph } from "./create-sourcegraph.js";
export { VERSION } from "./version.js";

// The `@sgkit/graphql/schema` entry: the schema subset this package is typed from, as text and as a graphql-js
// schema, for servers (such as @sgkit/emulator) and tools that validate documents against it.

import { buildSchema, type GraphQLSchema } from "graphql";
import { schemaSDL } from "./gen/schema-sdl.js";

export { schemaSDL };

/**
 * Builds the schema subset (`schema/sourcegraph.graphql`) with graphql-js, ready for `graphql()`, `execute()`
 * or `validate()`. Each call builds a new schema object: keep the one you need.
 */
export function loadSchema(): GraphQLSchema {
  return buildSchema(schemaSDL);
}

import { buildSchema, type GraphQLSchema } from "graphql";
import { schemaSDL } from "../gen/schema-sdl.js";

/**
 * Builds the schema subset (`schema/sourcegraph.graphql`, also `schemaSDL`) with graphql-js, ready for
 * `graphql()`, `execute()` or `validate()`. Each call builds a new schema object: keep the one you need.
 */
export function loadSchema(): GraphQLSchema {
  return buildSchema(schemaSDL);
}

// The `@sgkit/graphql/schema` entry: the schema subset this package is typed from, as text and as a graphql-js
// schema, for servers and tools that validate documents against it. The schema lives in @sgkit/contracts
// (`@sgkit/contracts/graphql`, and the file `@sgkit/contracts/schema/sourcegraph.graphql`); this entry re-exports
// it so that existing imports keep working.

export { loadSchema, schemaSDL } from "@sgkit/contracts/graphql";

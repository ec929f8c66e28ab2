import { defineConfig } from "tsup";
import { packageBuild } from "../../tools/tsup-preset.js";

// Two entries rather than one, so that `@sgkit/permissions` (which re-exports the protobuf half) never loads
// graphql-js, and a GraphQL tool never loads the protobuf runtime.
export default defineConfig(packageBuild({ permissions: "src/permissions.ts", graphql: "src/graphql.ts" }));

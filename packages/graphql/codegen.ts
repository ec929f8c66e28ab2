import type { CodegenConfig } from "@graphql-codegen/cli";

// Types every operation in src/operations against the schema subset, into src/gen/operations (committed). The
// schema is @sgkit/contracts' file, read through this package's dependency on it (a workspace link here).
// graphql-codegen validates each document against the schema first: an operation that names a field, argument
// or type the schema lacks fails `pnpm generate`, and so `pnpm check`.
const config: CodegenConfig = {
  schema: "node_modules/@sgkit/contracts/schema/sourcegraph.graphql",
  documents: ["src/operations/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/gen/operations/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // NodeNext resolution needs the extension on relative imports.
        importExtension: ".js",
        useTypeImports: true,
        enumsAsTypes: true,
        // RFC 3339 text, as the server sends it.
        scalars: { DateTime: "string" },
        documentMode: "documentNode",
      },
    },
  },
};

export default config;

import { defineConfig } from "tsup";
import { packageBuild } from "../../tools/tsup-preset.js";

export default defineConfig(
  packageBuild({
    index: "src/index.ts",
    node: "src/node.ts",
    internal: "src/internal.ts",
    test: "src/test.ts",
  }),
);

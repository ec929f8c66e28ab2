import { defineConfig } from "tsup";
import { packageBuild } from "../../tools/tsup-preset.js";

// A private app: one ESM entry, no declarations.
export default defineConfig(
  packageBuild({ demo: "src/demo.ts" }, { format: ["esm"], dts: false, platform: "node" }),
);

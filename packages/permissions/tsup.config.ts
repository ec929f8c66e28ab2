import { defineConfig } from "tsup";
import { packageBuild } from "../../tools/tsup-preset.js";

export default defineConfig(packageBuild({ index: "src/index.ts" }));

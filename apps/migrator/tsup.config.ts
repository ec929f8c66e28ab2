import { defineConfig } from "tsup";
import { packageBuild } from "../../tools/tsup-preset.js";

// `cli` is the `sgkit-migrate` bin (dist/cli.js, run by bin/sgkit-migrate.js); it is not in the exports map.
// `main` runs it in-process.
export default defineConfig(packageBuild({ index: "src/index.ts", main: "src/main.ts", cli: "src/cli.ts" }));

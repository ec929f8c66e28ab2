import { defineConfig } from "tsup";
import { packageBuild } from "../../tools/tsup-preset.js";

// `cli` is the `sgkit-emulator` bin (dist/cli.js, run by bin/sgkit-emulator.js); it is not in the exports map.
export default defineConfig(packageBuild({ index: "src/index.ts", cli: "src/cli.ts" }));

export { default } from "../../tools/vitest-preset.js";

// Preloaded by `pnpm bench` (`node --import ./bench/resolve-ts-sources.ts`): the bench's files import each
// other as `./x.js`, as src/ does and as TypeScript's nodenext resolution checks, but Node runs the `.ts` sources
// as they are (type stripping), where no `.js` file exists. This maps such a relative `.js` import to its `.ts`
// source when the `.js` file is missing, and changes nothing else.
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relative = specifier.startsWith("./") || specifier.startsWith("../");
      if (
        (error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND" ||
        !relative ||
        !specifier.endsWith(".js")
      )
        throw error;
      return nextResolve(`${specifier.slice(0, -".js".length)}.ts`, context);
    }
  },
});

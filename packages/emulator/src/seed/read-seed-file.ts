import { readFile } from "node:fs/promises";
import { SeedError } from "./seed-error.js";
import type { EmulatorSeed } from "./seed-types.js";
import { validateSeed } from "./validate-seed.js";

/**
 * Reads a JSON seed file and validates it. Errors are {@link SeedError}s naming the file and the field at fault
 * (`seed.json: seed.users[3].username: ...`); JSON syntax errors name the file too.
 */
export async function readSeedFile(path: string): Promise<EmulatorSeed> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new SeedError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the mistake, which may be a token value: keep only where it is.
    const where = /position \d+(?: \(line \d+ column \d+\))?/.exec((error as Error).message)?.[0];
    throw new SeedError(path, `is not valid JSON${where ? ` (at ${where})` : ""}`);
  }
  try {
    return validateSeed(json);
  } catch (error) {
    if (error instanceof SeedError) {
      throw new SeedError(error.path, `${error.message.slice(error.path.length + 2)} (in ${path})`);
    }
    throw error;
  }
}

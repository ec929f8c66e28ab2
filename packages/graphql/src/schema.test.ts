import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as contracts from "@sgkit/contracts/graphql";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadSchema, schemaSDL } from "./schema.js";

// The schema itself (signatures, inputs, descriptions) is tested where it lives, in @sgkit/contracts.
describe("@sgkit/graphql/schema", () => {
  it("is the contracts package's schema", () => {
    expect(schemaSDL).toBe(contracts.schemaSDL);
    expect(loadSchema).toBe(contracts.loadSchema);
  });

  it("validates every operation in src/operations (as codegen does)", () => {
    const dir = join(import.meta.dirname, "operations");
    const text = readdirSync(dir)
      .filter((file) => file.endsWith(".graphql"))
      .map((file) => readFileSync(join(dir, file), "utf8"))
      .join("\n");
    expect(validate(loadSchema(), parse(text)).map(String)).toEqual([]);
  });
});

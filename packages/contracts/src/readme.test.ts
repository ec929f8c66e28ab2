import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";

const { example, run } = readmeExamples(join(import.meta.dirname, ".."));

describe("README", () => {
  it("runs the example as written, with the answers it shows", async () => {
    const { lines } = await run("example", example("## Example"));
    expect(lines).toEqual([
      '{"parent":"repositories/123","explicit_repo_permission":{"user":"users/@alice"}}',
      "explicitrepopermissions.v1.Service 4",
      "UmVwb3NpdG9yeToxMjM=",
      '{"kind":"User","key":456}',
      "0",
    ]);
  });
});

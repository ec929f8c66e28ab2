import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { createFragmentParser } from "./create-fragment-parser.js";
import type { InputFormat } from "./input-types.js";

const samples: Record<InputFormat, string> = {
  ndjson: '{"repository": "a", "users": ["x"]}\n',
  json: '[{"repository": "a", "users": ["x"]}]',
  csv: "repository,user\na,x\n",
};

describe("createFragmentParser", () => {
  it.each(Object.entries(samples))("reads %s", (format, text) => {
    const read: AclFragment[] = [];
    const parser = createFragmentParser(format as InputFormat, "f", 1000, (fragment) => read.push(fragment));
    parser.push(new TextEncoder().encode(text));
    parser.end();
    expect(read).toEqual([
      {
        repository: "a",
        users: [{ bindId: "x", line: format === "csv" ? 2 : 1 }],
        line: format === "csv" ? 2 : 1,
        droppedBlankBindIds: 0,
      },
    ]);
  });
});

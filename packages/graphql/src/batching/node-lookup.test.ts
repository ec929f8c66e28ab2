import { describe, expect, it } from "vitest";
import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { encodeNodeId } from "../node-ids/encode-node-id.js";
import { nodeLookup } from "./node-lookup.js";

describe("nodeLookup", () => {
  const lookup = nodeLookup<{ name: string }, string>({
    operationName: "ThingsByNodeId",
    alias: "t",
    typename: "Repository",
    fields: ["name", "owner {", "  id", "}"],
    read: (answer) => answer.name,
  });

  it("selects the fields on the type, under node(id:), with ID! keys named ids", () => {
    expect(lookup).toMatchObject({
      operationName: "ThingsByNodeId",
      alias: "t",
      argument: "ids",
      variableType: "ID!",
    });
    expect(lookup.field("$n0")).toBe("node(id: $n0)");
    expect(lookup.selection).toEqual([
      "__typename",
      "... on Repository {",
      "  name",
      "  owner {",
      "    id",
      "  }",
      "}",
    ]);
  });

  it("refuses an ID of another kind before sending, and reads an answer of another type as null", () => {
    expect(() => lookup.check(encodeNodeId("Repository", 1), "ids[0]")).not.toThrow();
    expect(() => lookup.check(encodeNodeId("User", 1), "ids[1]")).toThrow(InvalidNodeIdError);
    expect(lookup.read({ __typename: "Repository", name: "r" })).toBe("r");
    expect(lookup.read({ __typename: "User", name: "u" })).toBeNull();
  });
});

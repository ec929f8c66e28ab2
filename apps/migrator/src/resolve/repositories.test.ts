import { encodeNodeId, InvalidNodeIdError } from "@sgkit/graphql";
import { describe, expect, it } from "vitest";
import { MigratorError } from "../migrator-error.js";
import { parseRepositoryRef } from "./repositories.js";

/** What `parseRepositoryRef` threw, for assertions on its class and message. */
function refusal(reference: string): Error {
  try {
    parseRepositoryRef(reference);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${JSON.stringify(reference)} was accepted`);
}

describe("parseRepositoryRef", () => {
  it.each([
    ["1", 1],
    ["123", 123],
    ["1000000", 1_000_000],
    [String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER],
  ])("reads the numeric id %s", (reference, id) => {
    expect(parseRepositoryRef(reference)).toEqual({ form: "id", id });
  });

  it.each([
    ["0123", "ids are written without leading zeros, as 123"],
    ["007", "ids are written without leading zeros, as 7"],
    ["0", "ids start at 1"],
    ["0000", "ids start at 1"],
    ["9007199254740992", "it is beyond the largest id, 9007199254740991"],
    ["99999999999999999999", "it is beyond the largest id, 9007199254740991"],
  ])("refuses the digits %s, which are no id and name no repository", (reference, problem) => {
    const error = refusal(reference);
    expect(error).toBeInstanceOf(MigratorError);
    expect(error.message).toBe(`${JSON.stringify(reference)} is not a repository id: ${problem}.`);
  });

  it.each([
    ["UmVwb3NpdG9yeToxMjM=", 123],
    [encodeNodeId("Repository", 1), 1],
    [encodeNodeId("Repository", 4_294_967_296), 4_294_967_296],
    [encodeNodeId("Repository", Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER],
  ])("reads the repository node ID %s as its id", (reference, id) => {
    expect(parseRepositoryRef(reference)).toEqual({ form: "id", id });
  });

  it("refuses a user's node ID with an InvalidNodeIdError rather than looking it up as a name", () => {
    const error = refusal("VXNlcjo0NTY=");
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect(error.message).toBe('"VXNlcjo0NTY=" is a User node ID, not a repository\'s.');
    expect((error as InvalidNodeIdError).id).toBe("VXNlcjo0NTY=");
  });

  it.each([
    ["Org", encodeNodeId("Org", 5)],
    ["SearchContext", encodeNodeId("SearchContext", "@alice/ctx")],
  ])("refuses a node ID of kind %s", (kind, reference) => {
    const error = refusal(reference);
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect(error.message).toBe(`${JSON.stringify(reference)} is a ${kind} node ID, not a repository's.`);
  });

  it.each([
    ["a name", "github.com/acme/api"],
    ["zero", 0],
    ["a negative", -5],
    ["a fraction", 1.5],
    ["beyond 2^53", 2 ** 53],
    ["null", null],
  ])("refuses a Repository node ID whose key is %s", (_name, key) => {
    const reference = encodeNodeId("Repository", key);
    const error = refusal(reference);
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect(error.message).toBe(
      `${JSON.stringify(reference)} is a Repository node ID with a key that is not a repository id.`,
    );
  });

  it.each([
    "github.com/acme/api",
    "gitlab.example.com/group/subgroup/project",
    "github.com/acme/UmVwb3NpdG9yeToxMjM=",
    "abcd/efgh",
    "perforce.example.com//depot/main",
  ])("reads %s, which has slashes, as a name", (reference) => {
    expect(parseRepositoryRef(reference)).toEqual({ form: "name", name: reference });
  });

  it.each([
    ["base64 letters that decode to no text", "frontend"],
    ["four base64 letters", "docs"],
    ["base64 of text with no kind", "aGVsbG8="],
    ["base64 of text with a kind but no JSON key", "YTpi"],
    ["a node ID without its padding", "UmVwb3NpdG9yeToxMjM"],
    ["a node ID in standard (not URL-safe) base64", "UmVwb+3NpdG9yeToxMjM="],
    ["a length that is no multiple of 4", "tools"],
    ["digits and letters", "123abc"],
    ["a signed number", "+123"],
    ["an exponent", "1e3"],
    ["spaces inside", "my repo"],
  ])("reads %s as a name", (_name, reference) => {
    expect(parseRepositoryRef(reference)).toEqual({ form: "name", name: reference });
  });
});

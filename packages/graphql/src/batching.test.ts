import { describe, expect, it } from "vitest";
import {
  data,
  ORIGIN,
  type Reply,
  seen,
  serve,
  TOKEN,
  useGraphQLNock,
} from "../test/support/graphql-nock.js";
import {
  type AliasedLookup,
  aliasedBatch,
  aliasedLookupQuery,
  MAX_CHUNK_SIZE,
  nodeLookup,
} from "./batching.js";
import { createGraphQLClient } from "./client.js";
import { GraphQLResponseError, InvalidArgumentError, InvalidNodeIdError } from "./errors.js";
import { encodeNodeId } from "./node-ids.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, internal: { sleep: async () => {} } });

/** A toy lookup: `k<i>: thing(key: $n<i>) { size }`, read as the size; a size of 0 reads as null. */
const THINGS: AliasedLookup<{ size: number }, number> = {
  operationName: "Things",
  argument: "keys",
  alias: "k",
  variableType: "String!",
  field: (variable) => `thing(key: ${variable})`,
  selection: ["size", "owner {", "  name", "}"],
  check(key, argument) {
    if (typeof key !== "string" || key === "") {
      throw new InvalidArgumentError(`${argument} is blank`, { argument });
    }
  },
  read: (answer) => (answer.size === 0 ? null : answer.size),
};

/** Answers each `$n<i>` with `{ size: <length of the key> }`, or null for keys starting with "none". */
function answerSizes(body: { variables: Record<string, unknown> }): Reply {
  const answer: Record<string, unknown> = {};
  for (const [variable, key] of Object.entries(body.variables)) {
    answer[`k${variable.slice(1)}`] = String(key).startsWith("none") ? null : { size: String(key).length };
  }
  return data(answer);
}

describe("aliasedLookupQuery", () => {
  it("writes one aliased field per key, keys as variables, the selection indented", () => {
    expect(aliasedLookupQuery(THINGS, ["a", "b c"])).toEqual({
      query:
        "query Things($n0: String!, $n1: String!) {\n" +
        "  k0: thing(key: $n0) {\n    size\n    owner {\n      name\n    }\n  }\n" +
        "  k1: thing(key: $n1) {\n    size\n    owner {\n      name\n    }\n  }\n}",
      variables: { n0: "a", n1: "b c" },
    });
  });
});

describe("aliasedBatch", () => {
  it("sends 250 keys as chunks of 100, 100 and 50, in order, and maps every key", async () => {
    serve(answerSizes);
    const keys = Array.from({ length: 250 }, (_, i) => `key-${i}`);
    const values = await aliasedBatch(client, keys, THINGS);
    expect(seen.map((s) => Object.keys(s.body.variables).length)).toEqual([100, 100, 50]);
    expect(seen.map((s) => s.body.operationName)).toEqual(["Things", "Things", "Things"]);
    expect(seen[1]?.body.variables).toMatchObject({ n0: "key-100", n99: "key-199" });
    expect([...values.keys()]).toEqual(keys);
    expect(values.get("key-7")).toBe(5);
    expect(values.get("key-249")).toBe(7);
  });

  it("keeps at most `concurrency` requests in flight and still maps keys in first-seen order", async () => {
    let inFlight = 0;
    let most = 0;
    const fake = {
      async request(_query: unknown, variables: Record<string, string>) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        // Later chunks answer sooner, so that order must come from the keys, not from the answers.
        await new Promise((resolve) => setTimeout(resolve, 20 - Number(variables.n0?.slice(4)) / 10));
        inFlight -= 1;
        return Object.fromEntries(
          Object.entries(variables).map(([n, key]) => [`k${n.slice(1)}`, { size: key.length }]),
        );
      },
    } as unknown as typeof client;
    const keys = Array.from({ length: 50 }, (_, i) => `key-${i}`);
    const values = await aliasedBatch(fake, keys, THINGS, { chunkSize: 10, concurrency: 3 });
    expect(most).toBe(3);
    expect([...values.keys()]).toEqual(keys);
    await expect(aliasedBatch(fake, keys, THINGS, { concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(aliasedBatch(fake, keys, THINGS, { concurrency: 17 })).rejects.toThrow(/from 1 to 16/);
  });

  it("keeps null answers and what `read` turns into null apart from missing aliases", async () => {
    serve(data({ k0: null, k1: { size: 0 }, k2: { size: 3 } }));
    const values = await aliasedBatch(client, ["none", "zero", "abc"], THINGS);
    expect([...values]).toEqual([
      ["none", null],
      ["zero", null],
      ["abc", 3],
    ]);
  });

  it("sends a repeated key once, honours chunkSize up to the maximum and sends nothing for no keys", async () => {
    serve(answerSizes);
    const values = await aliasedBatch(client, ["a", "bb", "a", "ccc", "bb"], THINGS, { chunkSize: 2 });
    expect(seen.map((s) => Object.values(s.body.variables))).toEqual([["a", "bb"], ["ccc"]]);
    expect(values.size).toBe(3);
    const many = Array.from({ length: MAX_CHUNK_SIZE }, (_, i) => `k${i}`);
    await aliasedBatch(client, many, THINGS, { chunkSize: MAX_CHUNK_SIZE });
    expect(seen).toHaveLength(3);
    expect(await aliasedBatch(client, [], THINGS)).toEqual(new Map());
    expect(seen).toHaveLength(3);
  });

  it("refuses a bad chunk size, and checks every key with its index in the caller's list, before sending", async () => {
    for (const chunkSize of [0, -1, 1.5, MAX_CHUNK_SIZE + 1, Number.NaN]) {
      await expect(aliasedBatch(client, ["a"], THINGS, { chunkSize })).rejects.toThrow(
        new RangeError(`chunkSize must be a whole number from 1 to 500, not ${chunkSize}.`),
      );
    }
    // The repeat of "a" at index 1 still counts: the blank key is keys[3] as the caller wrote it.
    const error = await aliasedBatch(client, ["a", "a", "b", ""], THINGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("keys[3]");
    expect(seen).toHaveLength(0);
  });

  it("fails naming the key when the answer lacks an alias", async () => {
    serve(data({ k0: { size: 1 } }));
    const error = await aliasedBatch(client, ["a", "bb"], THINGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as Error).message).toBe("Things: the answer has no k1 (bb).");
    expect((error as GraphQLResponseError).code).toBe("internal");
    expect((error as GraphQLResponseError).data).toEqual({ k0: { size: 1 } });
  });

  it("stops at the first failed chunk, with that chunk's partial data", async () => {
    serve(answerSizes, [
      200,
      { data: { k0: { size: 9 }, k1: null }, errors: [{ message: "boom", path: ["k1"] }] },
    ]);
    const keys = ["a", "b", "c", "d", "e"];
    const error = await aliasedBatch(client, keys, THINGS, { chunkSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).data).toEqual({ k0: { size: 9 }, k1: null });
    expect(seen).toHaveLength(2);
  });

  it("passes the caller's signal: an aborted lookup rejects with its reason", async () => {
    serve(answerSizes);
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(aliasedBatch(client, ["a"], THINGS, { signal: controller.signal })).rejects.toBe(reason);
  });
});

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

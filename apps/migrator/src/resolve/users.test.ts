import { decodeNodeId, type GraphQLClient } from "@sgkit/graphql";
import { describe, expect, it } from "vitest";
import { createUserLabeler } from "./users.js";

/** A GraphQL client that answers `node(id:)` lookups of users `u<id>`, and records each request's ids. */
function fakeClient(requests: number[][]): GraphQLClient {
  return {
    async request(_query: unknown, variables: Record<string, string>) {
      const ids = Object.values(variables).map((id) => decodeNodeId(id, "User").key as number);
      requests.push(ids);
      return Object.fromEntries(
        Object.entries(variables).map(([name, id], i) => [
          `u${name.slice(1)}`,
          ids[i] === 404 ? null : { __typename: "User", id, username: `u${ids[i]}` },
        ]),
      );
    },
  } as unknown as GraphQLClient;
}

describe("createUserLabeler", () => {
  it("batches the loads of one turn into one lookup, and never looks up known or loaded users", async () => {
    const requests: number[][] = [];
    const labeler = createUserLabeler(fakeClient(requests), new Map([[1, "alice"]]));
    await Promise.all([labeler.load([1, 2, 3]), labeler.load([3, 4]), labeler.load([])]);
    expect(requests).toEqual([[2, 3, 4]]);
    expect([1, 2, 3, 4].map((id) => labeler.label(id))).toEqual(["alice", "u2", "u3", "u4"]);
    await labeler.load([2, 4, 1]);
    expect(requests).toHaveLength(1);
  });

  it("leaves a user the instance does not return unlabelled", async () => {
    const requests: number[][] = [];
    const labeler = createUserLabeler(fakeClient(requests), new Map());
    await labeler.load([404, 5]);
    expect(labeler.label(404)).toBeUndefined();
    expect(labeler.label(5)).toBe("u5");
  });

  it("names users with `nameOf` when given", async () => {
    const labeler = createUserLabeler(fakeClient([]), new Map(), { nameOf: (user) => `@${user.username}` });
    await labeler.load([7]);
    expect(labeler.label(7)).toBe("@u7");
  });
});

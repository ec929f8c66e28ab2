import { startEmulator } from "@sgkit/emulator";
import { createGraphQLClient, decodeNodeId } from "@sgkit/graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseOnlyDuplicates, createUserLabeler, emailBindIdHint } from "./users.js";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      users: [
        { id: 1, username: "alice", siteAdmin: true },
        ...[2, 3, 4, 5, 7].map((id) => ({ id, username: `u${id}` })),
      ],
      tokens: [{ name: "admin", user: "alice", scopes: ["user:all"] }],
    },
  });
});
afterAll(() => emulator.stop());

/** A client of the emulator (in-process) that records the user ids each GraphQL request looked up. */
function recordingClient(requests: number[][]) {
  return createGraphQLClient({
    endpoint: emulator.url,
    token: emulator.token("admin"),
    fetch: async (input, init) => {
      const { variables } = JSON.parse(String(init?.body)) as { variables: Record<string, string> };
      requests.push(Object.values(variables).map((id) => decodeNodeId(id, "User").key as number));
      return emulator.fetch(input, init);
    },
  });
}

describe("createUserLabeler", () => {
  it("batches the loads of one turn into one lookup, and never looks up known or loaded users", async () => {
    const requests: number[][] = [];
    const labeler = createUserLabeler(recordingClient(requests), new Map([[1, "alice"]]));
    await Promise.all([labeler.load([1, 2, 3]), labeler.load([3, 4]), labeler.load([])]);
    expect(requests).toEqual([[2, 3, 4]]);
    expect([1, 2, 3, 4].map((id) => labeler.label(id))).toEqual(["alice", "u2", "u3", "u4"]);
    await labeler.load([2, 4, 1]);
    expect(requests).toHaveLength(1);
  });

  it("leaves a user the instance does not return unlabelled", async () => {
    const requests: number[][] = [];
    const labeler = createUserLabeler(recordingClient(requests), new Map());
    await labeler.load([404, 5]);
    expect(labeler.label(404)).toBeUndefined();
    expect(labeler.label(5)).toBe("u5");
  });

  it("names users with `nameOf` when given", async () => {
    const labeler = createUserLabeler(recordingClient([]), new Map(), {
      nameOf: (user) => `@${user.username}`,
    });
    await labeler.load([7]);
    expect(labeler.label(7)).toBe("@u7");
  });
});

describe("caseOnlyDuplicates", () => {
  it("groups the bindIDs that differ only in case, as written and in order, and nothing else", () => {
    expect(caseOnlyDuplicates(["Alice", "bob", "alice", "ALICE", "Alice", "carol@example.com"])).toEqual([
      ["Alice", "alice", "ALICE"],
    ]);
    expect(caseOnlyDuplicates(["alice", "bob", "alice"])).toEqual([]);
  });
});

describe("emailBindIdHint", () => {
  it("hints at --bind-id email for unknown users that look like emails, by username only", () => {
    expect(emailBindIdHint(["bob@example.com", "zoe"], "username")).toBe(
      'The unknown user "bob@example.com" looks like an email, which no username can be: if the instance names users by email (its permissions.userMapping.bindID), pass --bind-id email.',
    );
    expect(emailBindIdHint(["a@x.io", "b@x.io", "a@x.io", "c@x.io", "d@x.io"], "username")).toBe(
      '4 unknown users ("a@x.io", "b@x.io", "c@x.io" and 1 more) look like emails, which no username can be: if the instance names users by email (its permissions.userMapping.bindID), pass --bind-id email.',
    );
    expect(emailBindIdHint(["bob@example.com"], "email")).toBeUndefined();
    expect(emailBindIdHint(["zoe", "at@local", "x@y."], "username")).toBeUndefined();
  });
});

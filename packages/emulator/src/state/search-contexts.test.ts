import { describe, expect, it } from "vitest";
import {
  parseSearchContextSpec,
  type SearchContextFields,
  SearchContextStore,
  searchContextNameProblem,
} from "./search-contexts.js";

const fields = (name: string, namespace: SearchContextFields["namespace"] = null): SearchContextFields => ({
  name,
  description: "",
  public: true,
  namespace,
  query: "",
  repositories: [{ repositoryId: 101, revisions: ["HEAD"] }],
});

describe("SearchContextStore", () => {
  it("adds contexts with ids and timestamps, unique by name within a namespace", () => {
    let time = Date.parse("2026-01-01T00:00:00Z");
    const store = new SearchContextStore(() => new Date(time));
    const global = store.add(fields("ctx"));
    const mine = store.add(fields("ctx", { kind: "user", id: 2 }));
    const org = store.add(fields("ctx", { kind: "org", id: 2 }));
    expect([global.id, mine.id, org.id]).toEqual([1, 2, 3]);
    expect(global.updatedAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(global.autoDefined).toBe(false);
    expect(() => store.add(fields("ctx", { kind: "user", id: 2 }))).toThrow(/"ctx" is taken/);
    expect(store.byName({ kind: "org", id: 2 }, "ctx")).toBe(org);
    expect(store.byName(null, "ctx")).toBe(global);
    expect(store.byName(null, "other")).toBeUndefined();
    const old = store.add(fields("old"), new Date("2020-01-01T00:00:00Z"));
    expect(old.updatedAt.toISOString()).toBe("2020-01-01T00:00:00.000Z");
    time += 1000;
    expect(store.size).toBe(4);
  });

  it("updates every field but the namespace, renames, and stamps the update", () => {
    let time = 0;
    const store = new SearchContextStore(() => new Date(time));
    const context = store.add(fields("a", { kind: "user", id: 2 }));
    store.add(fields("taken", { kind: "user", id: 2 }));
    time = 5000;
    const updated = store.update(context.id, {
      name: "b",
      description: "new",
      public: false,
      query: "lang:go",
      repositories: [],
    });
    expect(updated).toMatchObject({
      id: context.id,
      name: "b",
      public: false,
      namespace: { kind: "user", id: 2 },
    });
    expect(updated.updatedAt.getTime()).toBe(5000);
    expect(store.byName({ kind: "user", id: 2 }, "a")).toBeUndefined();
    expect(store.byName({ kind: "user", id: 2 }, "b")).toBe(updated);
    expect(() => store.update(context.id, { ...updated, name: "taken" })).toThrow(/taken/);
    expect(() => store.update(99, updated)).toThrow(/does not exist/);
    // The namespace cannot change, even when a caller passes one.
    const sneaky = { ...updated, namespace: null } as SearchContextFields;
    expect(store.update(context.id, sneaky).namespace).toEqual({ kind: "user", id: 2 });
  });

  it("deletes, and keeps contexts immutable", () => {
    const store = new SearchContextStore();
    const context = store.add(fields("a"));
    expect(Object.isFrozen(context)).toBe(true);
    expect(Object.isFrozen(context.repositories[0]?.revisions)).toBe(true);
    expect(store.delete(context.id)).toBe(true);
    expect(store.delete(context.id)).toBe(false);
    expect(store.all()).toEqual([]);
    expect(store.byName(null, "a")).toBeUndefined();
  });
});

describe("searchContextNameProblem", () => {
  it.each([
    ["ctx", undefined],
    ["team/backend.v2_x-y", undefined],
    ["", /must not be empty/],
    ["a".repeat(33), /at most 32 characters, got 33/],
    ["has space", /only letters/],
    ["@alice", /only letters/],
  ])("%j: %s", (name, problem) => {
    const found = searchContextNameProblem(name);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe("parseSearchContextSpec", () => {
  it("GQL-12: takes a spec apart as Sourcegraph's ParseSearchContextSpec: the namespace up to the first slash", () => {
    expect(
      ["@alice/ctx", "@alice/team/ctx", "@alice", "@alice/", "ctx", "a/b", "@/ctx", "@", "x@acme/ctx"].map(
        parseSearchContextSpec,
      ),
    ).toEqual([
      { namespaceName: "alice", name: "ctx" },
      { namespaceName: "alice", name: "team/ctx" },
      { namespaceName: "alice", name: "" },
      { namespaceName: "alice", name: "" },
      { namespaceName: "", name: "ctx" },
      { namespaceName: "", name: "a/b" },
      // An empty namespace is an instance-level lookup; Go's pattern is unanchored.
      { namespaceName: "", name: "ctx" },
      { namespaceName: "", name: "" },
      { namespaceName: "acme", name: "ctx" },
    ]);
  });
});

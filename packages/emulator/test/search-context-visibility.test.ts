// GQL-12 from a site admin's side: what being a site admin adds to reading search contexts, and what it does not.
// Sourcegraph's rule (sourcegraph/sourcegraph-public-snapshot, newest internal/database/search_contexts.go,
// `searchContextsPermissionsCondition`): the check is bypassed for internal actors only; a site admin reads the
// private instance-level contexts, and otherwise what any user reads: public contexts, its own, and those of the
// orgs it is a member of. The same condition serves `searchContextBySpec`, `node(id:)` (both through
// `ResolveSearchContextSpec`, then `GetSearchContext`), the `searchContexts` listing and its `totalCount`
// (`ListSearchContexts`, `CountSearchContexts`), and a search's `context:` filter.
import { encodeNodeId } from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import type { EmulatorSeed } from "../src/seed/seed-types.js";
import type { Emulator } from "../src/server/start-emulator.js";
import { callGraphQL } from "./support/call-graphql.js";
import { useEmulator } from "./support/use-emulator.js";

const start = useEmulator();

const DOCS = [{ repository: "github.com/acme/docs", revisions: ["HEAD"] }];
const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true },
    { id: 2, username: "alice" },
  ],
  orgs: [
    { id: 7, name: "acme", members: ["alice"] },
    { id: 8, name: "ops", members: ["admin"] },
  ],
  repositories: [
    { id: 101, name: "github.com/acme/docs", unrestricted: true, files: { "index.md": "Welcome.\n" } },
  ],
  tokens: ["admin", "alice"].map((name) => ({ name, user: name, scopes: ["user:all"] })),
  searchContexts: [
    { name: "pub", namespace: "alice", public: true, repositories: DOCS },
    { name: "priv", namespace: "alice", public: false, repositories: DOCS },
    { name: "priv", namespace: "acme", public: false, repositories: DOCS },
    { name: "priv", namespace: "ops", public: false, repositories: DOCS },
    { name: "mine", namespace: "admin", public: false, repositories: DOCS },
    { name: "open", public: true, repositories: DOCS },
    { name: "secret", public: false, repositories: DOCS },
  ],
};

const ALL = ["@alice/pub", "@alice/priv", "@acme/priv", "@ops/priv", "@admin/mine", "open", "secret"];
// What each reads besides the auto-defined `global`, in spec order.
const READS: Record<"admin" | "alice", string[]> = {
  admin: ["@admin/mine", "@alice/pub", "@ops/priv", "open", "secret"],
  alice: ["@acme/priv", "@alice/priv", "@alice/pub", "open"],
};

async function readsBySpec(emulator: Emulator, token: string): Promise<string[]> {
  const found: string[] = [];
  for (const spec of ALL) {
    const answer = await callGraphQL(
      emulator,
      "query S($spec: String!) { searchContextBySpec(spec: $spec) { spec } }",
      { spec },
      { as: { token } },
    );
    if (answer.body?.data?.searchContextBySpec) found.push(spec);
    else expect(answer.body?.errors?.map((error) => error.message)).toEqual(["search context not found"]);
  }
  return found.sort();
}

async function readsByNode(emulator: Emulator, token: string): Promise<string[]> {
  const found: string[] = [];
  for (const spec of ALL) {
    const id = encodeNodeId("SearchContext", spec);
    const answer = await callGraphQL(
      emulator,
      "query N($id: ID!) { node(id: $id) { ... on SearchContext { spec } } }",
      { id },
      { as: { token } },
    );
    const node = answer.body?.data?.node as { spec: string } | null | undefined;
    if (node) found.push(node.spec);
    else
      expect(answer.body?.errors).toEqual([
        expect.objectContaining({ message: "search context not found", path: ["node"] }),
      ]);
  }
  return found.sort();
}

describe("GQL-12 for site admins", () => {
  it.each(["admin", "alice"] as const)(
    "GQL-12: %s reads the same contexts by spec, by node ID and in the listing (site admins: private global ones, not other users' or foreign orgs' private ones)",
    async (token) => {
      const emulator = await start({ seed });
      expect(await readsBySpec(emulator, token)).toEqual(READS[token]);
      expect(await readsByNode(emulator, token)).toEqual(READS[token]);
      const listed = await callGraphQL(
        emulator,
        "{ searchContexts(first: 2) { nodes { spec } totalCount } all: searchContexts { nodes { spec } totalCount } }",
        {},
        { as: { token } },
      );
      const data = listed.body?.data as Record<
        "searchContexts" | "all",
        { nodes: { spec: string }[]; totalCount: number }
      >;
      expect(data.all.nodes.map((node) => node.spec)).toEqual(["global", ...READS[token]]);
      // The count is of what the viewer reads, whatever the page size.
      expect([data.searchContexts.totalCount, data.all.totalCount]).toEqual([
        READS[token].length + 1,
        READS[token].length + 1,
      ]);
    },
  );

  it("GQL-12: a site admin's search may not narrow to another user's private context, but may to a private global one", async () => {
    const emulator = await start({ seed });
    const search = async (q: string) => {
      const response = await fetch(`${emulator.url}/.api/search/stream?${new URLSearchParams({ q })}`, {
        headers: { Accept: "text/event-stream", Authorization: `token ${emulator.token("admin")}` },
      });
      return (await response.text())
        .split("\n\n")
        .filter((chunk) => chunk.startsWith("event: "))
        .map((chunk) => chunk.split("\n")[0]?.slice(7));
    };
    expect(await search("context:@alice/priv Welcome")).toEqual(["alert", "progress", "done"]);
    expect(await search("context:@acme/priv Welcome")).toEqual(["alert", "progress", "done"]);
    expect((await search("context:secret Welcome"))[0]).toBe("matches");
    expect((await search("context:@ops/priv Welcome"))[0]).toBe("matches");
  });

  it("GQL-12: a site admin changes no private context it cannot read: update and delete find none", async () => {
    const emulator = await start({ seed });
    const id = encodeNodeId("SearchContext", "@alice/priv");
    const update = await callGraphQL(
      emulator,
      `mutation U($id: ID!) { updateSearchContext(id: $id, searchContext: { name: "priv", description: "", public: true, query: "" }, repositories: []) { spec } }`,
      { id },
    );
    const remove = await callGraphQL(
      emulator,
      "mutation D($id: ID!) { deleteSearchContext(id: $id) { alwaysNil } }",
      {
        id,
      },
    );
    expect([update, remove].map((answer) => answer.body?.errors?.map((error) => error.message))).toEqual([
      ["search context not found"],
      ["search context not found"],
    ]);
    expect(emulator.state.searchContextBySpec("@alice/priv")?.public).toBe(false);
  });
});

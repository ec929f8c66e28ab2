import { encodeNodeId } from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import type { EmulatorSeed } from "../../seed/seed-types.js";
import { type As, callGraphQL, errorCodes } from "../../test-support/call-graphql.js";
import { useEmulator } from "../../test-support/use-emulator.js";

// The documented rules, as a table: public/private × user/org/global namespace × anonymous, owner, org member,
// other user, site admin; for reading, for writing an existing context, and for creating one.
//
// Read: public contexts by everyone (anonymous included); private ones by the owning user, the members of the
// owning org, and site admins for global ones only (literally: a site admin cannot read alice's private context).
// Write: site admins on all public and all global contexts; a user on its own and its orgs' contexts.
const start = useEmulator();

const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true },
    { id: 2, username: "alice" },
    { id: 3, username: "bob" },
    { id: 4, username: "carol" },
  ],
  orgs: [{ id: 7, name: "acme", members: ["alice", "bob"] }],
  repositories: [{ id: 101, name: "github.com/acme/docs", unrestricted: true }],
  tokens: ["admin", "alice", "bob", "carol"].map((name) => ({ name, user: name, scopes: ["user:all"] })),
  searchContexts: [
    { name: "pub", namespace: "alice", public: true },
    { name: "priv", namespace: "alice", public: false },
    { name: "pub", namespace: "acme", public: true },
    { name: "priv", namespace: "acme", public: false },
    { name: "pub", public: true },
    { name: "priv", public: false },
  ],
};

type Viewer = "anonymous" | "owner" | "member" | "other" | "admin";
const as: Record<Viewer, As> = {
  anonymous: "anonymous",
  owner: { token: "alice" }, // owns @alice/*, and is a member of acme
  member: { token: "bob" }, // a member of acme, not alice
  other: { token: "carol" }, // neither
  admin: { token: "admin" }, // a site admin, neither alice nor a member of acme
};
const namespaceIds = { user: encodeNodeId("User", 2), org: encodeNodeId("Org", 7), global: null };
const specOf = (namespace: keyof typeof namespaceIds, visibility: "public" | "private") =>
  `${namespace === "user" ? "@alice/" : namespace === "org" ? "@acme/" : ""}${visibility === "public" ? "pub" : "priv"}`;

// [namespace, visibility, viewer, can read, can write (update, delete, viewerCanManage), can create]
const matrix: Array<[keyof typeof namespaceIds, "public" | "private", Viewer, boolean, boolean]> = [
  ["user", "public", "anonymous", true, false],
  ["user", "public", "owner", true, true],
  ["user", "public", "member", true, false],
  ["user", "public", "other", true, false],
  ["user", "public", "admin", true, true],
  ["user", "private", "anonymous", false, false],
  ["user", "private", "owner", true, true],
  ["user", "private", "member", false, false],
  ["user", "private", "other", false, false],
  ["user", "private", "admin", false, false],
  ["org", "public", "anonymous", true, false],
  ["org", "public", "owner", true, true],
  ["org", "public", "member", true, true],
  ["org", "public", "other", true, false],
  ["org", "public", "admin", true, true],
  ["org", "private", "anonymous", false, false],
  ["org", "private", "owner", true, true],
  ["org", "private", "member", true, true],
  ["org", "private", "other", false, false],
  ["org", "private", "admin", false, false],
  ["global", "public", "anonymous", true, false],
  ["global", "public", "owner", true, false],
  ["global", "public", "member", true, false],
  ["global", "public", "other", true, false],
  ["global", "public", "admin", true, true],
  ["global", "private", "anonymous", false, false],
  ["global", "private", "owner", false, false],
  ["global", "private", "member", false, false],
  ["global", "private", "other", false, false],
  ["global", "private", "admin", true, true],
];

describe("search context visibility and write rights", () => {
  it.each(matrix)(
    "%s namespace, %s context, %s: read %s, write %s",
    async (namespace, visibility, viewer, read, write) => {
      const emulator = await start({ seed });
      const spec = specOf(namespace, visibility);
      const id = encodeNodeId("SearchContext", spec);

      // Read: by spec, by node ID, and in the listing.
      const bySpec = await callGraphQL(
        emulator,
        "query S($spec: String!) { searchContextBySpec(spec: $spec) { spec viewerCanManage } }",
        { spec },
        { as: as[viewer] },
      );
      if (read) {
        expect(bySpec.body?.data).toEqual({ searchContextBySpec: { spec, viewerCanManage: write } });
      } else {
        expect(bySpec.body?.data).toEqual({ searchContextBySpec: null });
        expect(bySpec.body?.errors?.[0]).toMatchObject({
          message: `search context ${JSON.stringify(spec)} not found`,
          extensions: { code: "ErrNotFound" },
        });
      }
      const byNode = await callGraphQL(
        emulator,
        "query N($id: ID!) { node(id: $id) { id } }",
        { id },
        { as: as[viewer] },
      );
      expect(byNode.body?.data).toEqual({ node: read ? { id } : null });
      const listed = await callGraphQL(
        emulator,
        "{ searchContexts { nodes { spec } } }",
        {},
        { as: as[viewer] },
      );
      const connection = listed.body?.data?.searchContexts as { nodes: Array<{ spec: string }> } | undefined;
      expect(connection).toBeDefined();
      const specs = (connection?.nodes ?? []).map((n) => n.spec);
      expect(specs.includes(spec)).toBe(read);

      // Write: an update that keeps every field, then a delete.
      const update = await callGraphQL(
        emulator,
        `mutation U($id: ID!, $public: Boolean!) {
        updateSearchContext(id: $id, searchContext: { name: "${spec.split("/").at(-1)}", description: "", public: $public }, repositories: []) { spec }
      }`,
        { id, public: visibility === "public" },
        { as: as[viewer] },
      );
      const refused = viewer === "anonymous" ? "ErrNotAuthenticated" : read ? "ErrForbidden" : "ErrNotFound";
      expect(errorCodes(update)).toEqual(write ? [] : [refused]);
      const remove = await callGraphQL(
        emulator,
        "mutation D($id: ID!) { deleteSearchContext(id: $id) { alwaysNil } }",
        { id },
        { as: as[viewer] },
      );
      expect(errorCodes(remove)).toEqual(write ? [] : [refused]);
      expect(emulator.state.searchContextBySpec(spec) === undefined).toBe(write);
    },
  );

  it.each(matrix)(
    "%s namespace, %s context, %s: may create one: %s/%s",
    async (namespace, visibility, viewer, _read, write) => {
      const emulator = await start({ seed });
      const answer = await callGraphQL(
        emulator,
        `mutation C($namespace: ID, $public: Boolean!) {
        createSearchContext(searchContext: { name: "new", description: "", public: $public, namespace: $namespace }, repositories: []) { spec }
      }`,
        { namespace: namespaceIds[namespace], public: visibility === "public" },
        { as: as[viewer] },
      );
      if (write) {
        expect(answer.body?.data).toEqual({
          createSearchContext: { spec: specOf(namespace, "public").replace("pub", "new") },
        });
      } else {
        expect(errorCodes(answer)).toEqual([viewer === "anonymous" ? "ErrNotAuthenticated" : "ErrForbidden"]);
      }
    },
  );

  it("names the rule a refused write broke", async () => {
    const emulator = await start({ seed });
    const create = (namespace: string | null, token: string) =>
      callGraphQL(
        emulator,
        `mutation C($namespace: ID) { createSearchContext(searchContext: { name: "x", description: "", public: false, namespace: $namespace }, repositories: []) { id } }`,
        { namespace },
        { as: { token } },
      );
    const messages = [
      await create(null, "alice"),
      await create(namespaceIds.user, "bob"),
      await create(namespaceIds.org, "carol"),
    ].map((answer) => answer.body?.errors?.[0]?.message);
    expect(messages).toEqual([
      "current user must be a site admin to change global search contexts",
      "search context user does not match the current user",
      "current user is not a member of the search context organization",
    ]);
  });

  it("refuses a site admin who would make another user's public context private (it could no longer read it)", async () => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(
      emulator,
      `mutation U($id: ID!) { updateSearchContext(id: $id, searchContext: { name: "pub", description: "", public: false }, repositories: []) { id } }`,
      { id: encodeNodeId("SearchContext", "@alice/pub") },
    );
    expect(errorCodes(answer)).toEqual(["ErrForbidden"]);
    expect(emulator.state.searchContextBySpec("@alice/pub")?.public).toBe(true);
  });
});

// The search-context visibility and write matrix through @sgkit/graphql against the emulator over loopback HTTP:
// public/private × user/org/global namespace × anonymous, owner, org member, other user and site admin. Reads go
// through searchContextBySpec (and searchContexts), writes through createSearchContext, updateSearchContext and
// deleteSearchContext. No nock in this file.
//
// The expectations are Sourcegraph's rule as its public source has it (sourcegraph/sourcegraph-public-snapshot,
// newest internal/database/search_contexts.go, `searchContextsPermissionsCondition`, used by `GetSearchContext`,
// `ListSearchContexts` and `CountSearchContexts`; the emulator's conformance row GQL-12):
//
//   Visibility: public contexts are readable by all users (and anonymous visitors); a private user context by that
//   user only, a private org context by the org's members only, a private instance-level context by site admins
//   only. The check is bypassed for internal actors only (`bypassPermissionsCheck := a.Internal`): a site admin
//   does not read another user's private context, nor one of an org it is not a member of. (The facts page's
//   `bypassPermissionsCheck = currentUser.SiteAdmin` is from versions before 2021.)
//   Write (internal/search/searchcontexts/search_contexts.go, `ValidateSearchContextWriteAccessForCurrentUser`):
//   site admins on all public and all global contexts; a user on its own and its orgs' contexts.
//
// So a site admin neither reads nor changes another user's or a foreign org's private context: an update or a
// delete of one finds no such context. Refusals carry no `extensions.code` (as Sourcegraph's): they are told apart
// by their messages: an anonymous write is "not authenticated", a context the viewer cannot read is not found,
// other refused writes carry Sourcegraph's write-rule words.
import type { Emulator } from "@sgkit/emulator";
import { describe, expect, it } from "vitest";
import { encodeNodeId, GraphQLResponseError, type SearchContext, toSearchContextEdit } from "../src/index.js";
import {
  collect,
  failureOf,
  graphqlFor,
  ids,
  type NamespaceKind,
  namespaceOf,
  specOf,
  startGraphQLEmulator,
} from "./support/emulator.js";

/**
 * Who asks, as which seed token: the owner is alice (owner of the user namespace and a member of acme), the org
 * member is bob (a member of acme, like alice, but not alice), the other user dave (no org), the site admin
 * `admin` (in no org).
 */
const VIEWERS = {
  anonymous: null,
  owner: "alice",
  orgMember: "bob",
  otherUser: "dave",
  siteAdmin: "admin",
} as const;
type Viewer = keyof typeof VIEWERS;

type Row = readonly [
  namespace: NamespaceKind,
  visibility: "public" | "private",
  allowed: Record<Viewer, boolean>,
];

// biome-ignore format: a table.
const READ: readonly Row[] = [
  //                   anonymous          owner          orgMember          otherUser          siteAdmin
  ["user",   "public",  { anonymous: true,  owner: true,  orgMember: true,  otherUser: true,  siteAdmin: true  }],
  ["user",   "private", { anonymous: false, owner: true,  orgMember: false, otherUser: false, siteAdmin: false }],
  ["org",    "public",  { anonymous: true,  owner: true,  orgMember: true,  otherUser: true,  siteAdmin: true  }],
  ["org",    "private", { anonymous: false, owner: true,  orgMember: true,  otherUser: false, siteAdmin: false }],
  ["global", "public",  { anonymous: true,  owner: true,  orgMember: true,  otherUser: true,  siteAdmin: true  }],
  ["global", "private", { anonymous: false, owner: false, orgMember: false, otherUser: false, siteAdmin: true  }],
];

// biome-ignore format: a table.
const WRITE: readonly Row[] = [
  //                   anonymous          owner          orgMember          otherUser          siteAdmin
  ["user",   "public",  { anonymous: false, owner: true,  orgMember: false, otherUser: false, siteAdmin: true  }],
  ["user",   "private", { anonymous: false, owner: true,  orgMember: false, otherUser: false, siteAdmin: false }],
  ["org",    "public",  { anonymous: false, owner: true,  orgMember: true,  otherUser: false, siteAdmin: true  }],
  ["org",    "private", { anonymous: false, owner: true,  orgMember: true,  otherUser: false, siteAdmin: false }],
  ["global", "public",  { anonymous: false, owner: false, orgMember: false, otherUser: false, siteAdmin: true  }],
  ["global", "private", { anonymous: false, owner: false, orgMember: false, otherUser: false, siteAdmin: true  }],
];

const expected = (table: readonly Row[], namespace: NamespaceKind, visibility: string, viewer: Viewer) => {
  const row = table.find(([n, v]) => n === namespace && v === visibility);
  if (!row) throw new Error(`no row for ${namespace} ${visibility}`);
  return row[2][viewer];
};

/** Every (namespace, visibility, viewer) cell of the tables. */
const CELLS = READ.flatMap(([namespace, visibility]) =>
  (Object.keys(VIEWERS) as Viewer[]).map((viewer) => ({ namespace, visibility, viewer })),
);

/** Adds a context straight into the emulator's state (not through the API under test). */
function seedContext(emulator: Emulator, namespace: NamespaceKind, visibility: string, name: string) {
  emulator.state.searchContexts.add({
    name,
    description: "before",
    public: visibility === "public",
    namespace: namespaceOf(namespace),
    query: "repo:acme",
    repositories: [],
  });
  return { spec: specOf(namespace, name), id: encodeNodeId("SearchContext", specOf(namespace, name)) };
}

/** Sourcegraph's messages for a write its rule refuses (ValidateSearchContextWriteAccessForCurrentUser). */
const WRITE_RULES =
  /^(current user must be site-admin|search context user does not match current user|current user is not an org member)$/;

/**
 * The message of a refused write by this viewer on a context it may or may not read: one it may not read is not
 * found, in Sourcegraph's words, which name no spec.
 */
const refusal = (viewer: Viewer, readable: boolean) =>
  viewer === "anonymous"
    ? "not authenticated"
    : readable
      ? expect.stringMatching(WRITE_RULES)
      : "search context not found";

/** The server's messages (no `extensions.code` to match on), or the error's name when it is another error. */
const messagesOf = (error: Error) =>
  error instanceof GraphQLResponseError ? error.errors.map((entry) => entry.message) : [error.name];

describe("the search-context visibility and write matrix", () => {
  it.each(CELLS)(
    "$visibility $namespace context, $viewer: read, update and delete as documented",
    async ({ namespace, visibility, viewer }) => {
      const emulator = await startGraphQLEmulator();
      const client = graphqlFor(emulator, VIEWERS[viewer]);
      const readable = expected(READ, namespace, visibility, viewer);
      const writable = expected(WRITE, namespace, visibility, viewer);
      const target = seedContext(emulator, namespace, visibility, "ctx");

      // Read by spec: the context (with viewerCanManage telling the write right), or not found.
      let read: SearchContext | null = null;
      if (readable) {
        read = await client.searchContextBySpec(target.spec);
        expect(read).toMatchObject({ id: target.id, spec: target.spec, viewerCanManage: writable });
      } else {
        // Sourcegraph answers null with "search context not found": the client reads that as null, by spec and
        // by ID.
        expect(await client.searchContextBySpec(target.spec)).toBeNull();
        expect(await client.searchContextById(target.id)).toBeNull();
      }

      // Update: the full context with a new description, its visibility unchanged.
      const edit = {
        name: "ctx",
        description: `changed by ${viewer}`,
        public: visibility === "public",
        query: "repo:acme",
        repositories: [],
      };
      if (read) expect(toSearchContextEdit(read)).toEqual({ ...edit, description: "before" });
      const stored = () => emulator.state.searchContextBySpec(target.spec);
      if (writable) {
        const updated = await client.updateSearchContext(target.id, edit);
        expect(updated).toMatchObject({ id: target.id, description: `changed by ${viewer}` });
        expect(stored()?.description).toBe(`changed by ${viewer}`);
      } else {
        const error = await failureOf(client.updateSearchContext(target.id, edit));
        expect(messagesOf(error)).toEqual([refusal(viewer, readable)]);
        expect(stored()?.description).toBe("before");
      }

      // Delete.
      if (writable) {
        await client.deleteSearchContext(target.id);
        expect(stored()).toBeUndefined();
      } else {
        const error = await failureOf(client.deleteSearchContext(target.id));
        expect(messagesOf(error)).toEqual([refusal(viewer, readable)]);
        expect(stored()).toBeDefined();
      }
    },
  );

  it.each(CELLS)(
    "$visibility $namespace context, $viewer: create as documented",
    async ({ namespace, visibility, viewer }) => {
      const emulator = await startGraphQLEmulator();
      const client = graphqlFor(emulator, VIEWERS[viewer]);
      const writable = expected(WRITE, namespace, visibility, viewer);
      const namespaceId = namespace === "user" ? ids.alice : namespace === "org" ? ids.acme : null;
      const create = client.createSearchContext({
        name: "fresh",
        public: visibility === "public",
        namespace: namespaceId,
      });
      if (writable) {
        expect(await create).toMatchObject({ spec: specOf(namespace, "fresh"), viewerCanManage: true });
        expect(emulator.state.searchContexts.size).toBe(1);
      } else {
        const error = await failureOf(create);
        expect(messagesOf(error)).toEqual([
          viewer === "anonymous" ? "not authenticated" : expect.stringMatching(WRITE_RULES),
        ]);
        expect(emulator.state.searchContexts.size).toBe(0);
      }
    },
  );

  it.each(Object.keys(VIEWERS) as Viewer[])(
    "searchContexts lists exactly what %s may read",
    async (viewer) => {
      const emulator = await startGraphQLEmulator();
      const readableSpecs: string[] = [];
      for (const [namespace, visibility, allowed] of READ) {
        const { spec } = seedContext(emulator, namespace, visibility, `${visibility}-ctx`);
        if (allowed[viewer]) readableSpecs.push(spec);
      }
      const client = graphqlFor(emulator, VIEWERS[viewer]);
      const listed = await collect(client.searchContexts({ pageSize: 2 }));
      // The auto-defined `global` context is listed first to everyone, as Sourcegraph lists it.
      expect(listed.map((context) => context.spec)).toEqual(["global", ...readableSpecs.sort()]);
      for (const context of listed.slice(1)) {
        const [namespace, visibility] = [
          context.namespace === null ? "global" : context.namespace.__typename === "User" ? "user" : "org",
          context.public ? "public" : "private",
        ] as const;
        expect(context.viewerCanManage).toBe(expected(WRITE, namespace, visibility, viewer));
      }
    },
  );

  it("an update cannot take away what the rules give: a site admin cannot make alice's public context private", async () => {
    const emulator = await startGraphQLEmulator();
    const admin = graphqlFor(emulator);
    const target = seedContext(emulator, "user", "public", "shared");
    const error = await failureOf(
      admin.updateSearchContext(target.id, {
        name: "shared",
        description: "",
        public: false,
        repositories: [],
      }),
    );
    expect(messagesOf(error)).toEqual(["search context user does not match current user"]);
    expect(emulator.state.searchContextBySpec(target.spec)?.public).toBe(true);
    // alice may.
    await graphqlFor(emulator, "alice").updateSearchContext(target.id, {
      name: "shared",
      description: "",
      public: false,
      repositories: [],
    });
    expect(emulator.state.searchContextBySpec(target.spec)?.public).toBe(false);
  });
});

import { decodeNodeId } from "@sgkit/contracts/graphql";
import type { GraphQLResolveInfo } from "graphql";
import { describe, expect, it } from "vitest";
import { graphqlData } from "../../../test/support/call-graphql.js";
import { useEmulator } from "../../../test/support/use-emulator.js";
import type { SearchContext } from "../../state/search-contexts.js";
import type { GraphQLContext } from "./resolver-map.js";
import { typeResolvers } from "./type-resolvers.js";

const start = useEmulator();

// The codec is @sgkit/contracts' (tested there); these tests pin that the emulator hands out the server's IDs.
describe("the emulator's node IDs", () => {
  it("are relay IDs of the objects' kinds and keys, as the client decodes them", async () => {
    const emulator = await start();
    const data = await graphqlData(
      emulator,
      `{ repository(name: "github.com/acme/api") { id }
         user(username: "alice") { id organizations { nodes { id } } }
         searchContextBySpec(spec: "@acme/platform") { id } }`,
      undefined,
      // alice: a member of acme, so she reads its private context (a site admin would not).
      { as: { token: "userAll" } },
    );
    expect(data.repository.id).toBe("UmVwb3NpdG9yeToxMDE=");
    expect(decodeNodeId(data.user.id)).toEqual({ kind: "User", key: 2 });
    expect(decodeNodeId(data.user.organizations.nodes[0].id).kind).toBe("Org");
    expect(decodeNodeId(data.searchContextBySpec.id)).toEqual({
      kind: "SearchContext",
      key: "@acme/platform",
    });
  });

  it("escape <, > and & in a key's JSON as Go's relay.MarshalID does", () => {
    const spec = "@u/a<b>&c";
    const context = {
      state: { searchContextSpec: () => spec },
      viewer: undefined,
    } as unknown as GraphQLContext;
    const id = typeResolvers().SearchContext?.id?.(
      {} as SearchContext,
      {},
      context,
      {} as GraphQLResolveInfo,
    );
    // base64.URLEncoding of `SearchContext:"@u/a\u003cb\u003e\u0026c"`, what Sourcegraph's server answers.
    expect(id).toBe("U2VhcmNoQ29udGV4dDoiQHUvYVx1MDAzY2JcdTAwM2VcdTAwMjZjIg==");
    expect(Buffer.from(String(id), "base64url").toString()).toBe(
      'SearchContext:"@u/a\\u003cb\\u003e\\u0026c"',
    );
  });
});

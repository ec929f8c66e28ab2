import { encodeNodeId } from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import { callApi } from "./support/call-api.js";
import { graphqlData } from "./support/call-graphql.js";
import { smallSeed } from "./support/small-seed.js";
import { useEmulator } from "./support/use-emulator.js";

// Both APIs read and write the one state: a grant made through either is seen by the other at once.
const start = useEmulator();
const AUTHORIZED_USERS = `query AuthorizedUsers($name: String!) {
  repository(name: $name) { authorizedUsers(first: 100) { nodes { username } totalCount } }
}`;
const usernames = async (emulator: Awaited<ReturnType<typeof start>>, name: string) =>
  (await graphqlData(emulator, AUTHORIZED_USERS, { name })).repository.authorizedUsers.nodes.map(
    (node: { username: string }) => node.username,
  );

describe("one state behind the HTTP API and GraphQL", () => {
  it("shows a grant created through the Connect API in Repository.authorizedUsers, and its deletion", async () => {
    const emulator = await start({ seed: smallSeed() });
    expect(await usernames(emulator, "github.com/acme/secrets")).toEqual([]);
    const created = await callApi(emulator, "CreateExplicitRepoPermission", {
      parent: "repositories/103",
      explicit_repo_permission: { user: "users/@dave" },
    });
    expect(created.status).toBe(200);
    expect(await usernames(emulator, "github.com/acme/secrets")).toEqual(["dave"]);
    expect(
      (
        await graphqlData(
          emulator,
          '{ authorizedUserRepositories(username: "dave", first: 100) { nodes { name } } }',
        )
      ).authorizedUserRepositories.nodes,
    ).toEqual([{ name: "github.com/acme/secrets" }]);
    await callApi(emulator, "DeleteExplicitRepoPermission", {
      name: "repositories/103/explicitRepoPermissions/@dave",
    });
    expect(await usernames(emulator, "github.com/acme/secrets")).toEqual([]);
  });

  it("lists through the Connect API what setRepositoryPermissionsForUsers set, and Gets it", async () => {
    const emulator = await start({ seed: smallSeed() });
    await graphqlData(
      emulator,
      `mutation Set($repository: ID!, $userPermissions: [UserPermissionInput!]!) {
        setRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil }
      }`,
      {
        repository: encodeNodeId("Repository", 101),
        userPermissions: [{ bindID: "carol" }, { bindID: "dave" }],
      },
    );
    const listed = await callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/101" });
    expect(listed.body).toEqual({
      explicit_repo_permissions: [
        {
          name: "repositories/101/explicitRepoPermissions/4",
          user: "users/4",
          repository: "repositories/101",
        },
        {
          name: "repositories/101/explicitRepoPermissions/5",
          user: "users/5",
          repository: "repositories/101",
        },
      ],
      next_page_token: "",
    });
    // alice and bob were replaced away: the Connect API no longer finds their permissions.
    const alice = await callApi(emulator, "GetExplicitRepoPermission", {
      name: "repositories/101/explicitRepoPermissions/@alice",
    });
    expect([alice.status, alice.body.code]).toEqual([404, "not_found"]);
    // And the Connect API's Create of a pair GraphQL made is already_exists.
    const again = await callApi(emulator, "CreateExplicitRepoPermission", {
      parent: "users/@carol",
      explicit_repo_permission: { repository: "repositories/101" },
    });
    expect([again.status, again.body.code]).toEqual([409, "already_exists"]);
  });

  it("GQL-6: applies pending permissions set through GraphQL when a user appears, visible to the Connect API", async () => {
    const emulator = await start({ seed: smallSeed() });
    await graphqlData(
      emulator,
      `mutation { setRepositoryPermissionsForUsers(repository: "${encodeNodeId("Repository", 102)}",
        userPermissions: [{ bindID: "alice" }, { bindID: "erin" }]) { alwaysNil } }`,
    );
    emulator.state.addUser({ id: 6, username: "erin", email: undefined, siteAdmin: false, rbac: new Set() });
    const listed = await callApi(emulator, "ListExplicitRepoPermissions", { parent: "users/@erin" });
    expect(listed.body).toEqual({
      explicit_repo_permissions: [
        {
          name: "repositories/102/explicitRepoPermissions/6",
          user: "users/6",
          repository: "repositories/102",
        },
      ],
      next_page_token: "",
    });
  });
});

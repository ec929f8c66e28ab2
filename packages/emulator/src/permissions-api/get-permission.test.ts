import { describe, expect, it } from "vitest";
import { sampleSeed } from "../seed/sample-seed.js";
import { callApi } from "../test-support/call-api.js";
import { useEmulator } from "../test-support/use-emulator.js";

// The sample instance: alice (2, alice@example.com) may read github.com/acme/api (101); carol's email is
// Carol@Example.com.
const start = useEmulator();
const alicesPermission = {
  name: "repositories/101/explicitRepoPermissions/2",
  user: "users/2",
  repository: "repositories/101",
};

describe("GetExplicitRepoPermission over HTTP", () => {
  it.each(["2", "@alice", "alice@example.com"])(
    "finds a permission by the user form %s, answering numeric ids",
    async (user) => {
      const emulator = await start({ seed: sampleSeed() });
      const answer = await callApi(emulator, "GetExplicitRepoPermission", {
        name: `repositories/101/explicitRepoPermissions/${user}`,
      });
      expect(answer).toMatchObject({ status: 200, body: alicesPermission });
    },
  );

  it.each([
    [
      "repositories/102/explicitRepoPermissions/@bob",
      'user "users/3" has no explicit permission on "repositories/102"',
    ],
    ["repositories/999/explicitRepoPermissions/@alice", 'repository "repositories/999" not found'],
    ["repositories/101/explicitRepoPermissions/@nobody", 'user "users/@nobody" not found'],
    [
      "repositories/101/explicitRepoPermissions/ALICE@example.com",
      'user "users/ALICE@example.com" not found',
    ],
  ])("answers not_found (404) for %s", async (name, message) => {
    const emulator = await start({ seed: sampleSeed() });
    expect(await callApi(emulator, "GetExplicitRepoPermission", { name })).toMatchObject({
      status: 404,
      body: { code: "not_found", message },
    });
  });

  it.each([
    "",
    "repositories/101",
    "repositories/101/explicitRepoPermissions/alice",
    "repositories/101/users/2",
  ])("answers invalid_argument naming `name` for %j", async (name) => {
    const emulator = await start({ seed: sampleSeed() });
    const answer = await callApi(emulator, "GetExplicitRepoPermission", { name });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: "invalid_argument",
      message: expect.stringMatching(/^name: /),
    });
  });
});

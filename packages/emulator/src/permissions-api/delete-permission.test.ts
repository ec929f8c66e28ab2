import { describe, expect, it } from "vitest";
import { sampleSeed } from "../seed/sample-seed.js";
import { callApi } from "../test-support/call-api.js";
import { useEmulator } from "../test-support/use-emulator.js";

const start = useEmulator();

describe("DeleteExplicitRepoPermission over HTTP", () => {
  it.each(["2", "@alice", "alice@example.com"])(
    "deletes by the user form %s and answers {}",
    async (user) => {
      const emulator = await start({ seed: sampleSeed() });
      const name = `repositories/101/explicitRepoPermissions/${user}`;
      const answer = await callApi(emulator, "DeleteExplicitRepoPermission", { name });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({});
      expect(emulator.state.permissions.has(101, 2)).toBe(false);
      expect(await callApi(emulator, "GetExplicitRepoPermission", { name })).toMatchObject({ status: 404 });
    },
  );

  it("answers the empty JSON object as text", async () => {
    const emulator = await start({ seed: sampleSeed() });
    const response = await fetch(
      `${emulator.url}/api/explicitrepopermissions.v1.Service/DeleteExplicitRepoPermission`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${emulator.token("admin")}` },
        body: JSON.stringify({ name: "repositories/101/explicitRepoPermissions/2" }),
      },
    );
    expect(await response.text()).toBe("{}");
  });

  it("answers not_found (404) for a permission that does not exist, such as one already deleted", async () => {
    const emulator = await start({ seed: sampleSeed() });
    const name = "repositories/101/explicitRepoPermissions/2";
    await callApi(emulator, "DeleteExplicitRepoPermission", { name });
    expect(await callApi(emulator, "DeleteExplicitRepoPermission", { name })).toMatchObject({
      status: 404,
      body: { code: "not_found", message: 'user "users/2" has no explicit permission on "repositories/101"' },
    });
  });

  it("answers invalid_argument for a malformed name and not_found for unknown objects", async () => {
    const emulator = await start({ seed: sampleSeed() });
    expect(await callApi(emulator, "DeleteExplicitRepoPermission", { name: "users/2" })).toMatchObject({
      status: 400,
      body: { code: "invalid_argument" },
    });
    expect(
      await callApi(emulator, "DeleteExplicitRepoPermission", {
        name: "repositories/999/explicitRepoPermissions/2",
      }),
    ).toMatchObject({ status: 404, body: { message: 'repository "repositories/999" not found' } });
    expect(emulator.state.permissions.size).toBe(3);
  });
});

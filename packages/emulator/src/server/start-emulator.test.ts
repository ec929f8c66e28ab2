import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  CreateExplicitRepoPermissionRequestSchema,
  ExplicitRepoPermissionSchema,
  ListExplicitRepoPermissionsRequestSchema,
  ListExplicitRepoPermissionsResponseSchema,
} from "@sgkit/contracts/permissions";
import { describe, expect, it, vi } from "vitest";
import { callApi } from "../../test/support/call-api.js";
import { useEmulator } from "../../test/support/use-emulator.js";
import { createFaultInjector } from "../faults.js";
import { SeedError } from "../seed/validate-seed.js";
import { startEmulator } from "./start-emulator.js";

const start = useEmulator();

describe("startEmulator", () => {
  it("listens on 127.0.0.1 on a free port and runs the sample instance by default", async () => {
    const emulator = await start();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(emulator.url).port)).toBeGreaterThan(0);
    expect(Object.keys(emulator.tokens)).toEqual(["admin", "readOnly", "noRbac", "userAll", "sudo"]);
    expect(emulator.state.users.byUsername("alice")?.id).toBe(2);
    expect(emulator.faults).toBeUndefined();
    const answer = await callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/101" });
    expect(answer.status).toBe(200);
  });

  it("names the tokens it has when asked for one it lacks", async () => {
    const emulator = await start();
    expect(emulator.token("readOnly")).toBe(emulator.tokens.readOnly);
    expect(() => emulator.token("root")).toThrow(
      'the emulator has no token named "root" (it has: admin, readOnly, noRbac, userAll, sudo)',
    );
  });

  it("listens on the given port", async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    await first.stop();
    const second = await start({ port });
    expect(second.url).toBe(`http://127.0.0.1:${port}`);
  });

  it("refuses a bad seed or bad options before listening", async () => {
    await expect(startEmulator({ seed: { users: [{ id: -1, username: "x" }] } })).rejects.toThrow(SeedError);
    await expect(startEmulator({ faults: { rate: 2 } })).rejects.toThrow(
      "faults.rate: must be a number from 0 to 1, got 2",
    );
    await expect(startEmulator({ faults: { perMethod: { Create: {} } } })).rejects.toThrow(
      /faults.perMethod.Create: is not a method \(known: GetExplicitRepoPermission, ListExplicitRepoPermissions, CreateExplicitRepoPermission, DeleteExplicitRepoPermission, graphql:\*, search\)/,
    );
    await expect(startEmulator({ capacity: { workers: 0 } })).rejects.toThrow(RangeError);
  });

  it("applies the bindID option over the seed's", async () => {
    const emulator = await start({ seed: { bindID: "username" }, bindID: "email" });
    expect(emulator.state.bindID).toBe("email");
  });

  it("answers 404 for unknown paths and unknown procedures", async () => {
    const emulator = await start();
    expect((await fetch(`${emulator.url}/.api/search/streams`)).status).toBe(404);
    const unknown = await fetch(`${emulator.url}/api/explicitrepopermissions.v1.Service/ReplaceAll`, {
      method: "POST",
    });
    expect([unknown.status, await unknown.text()]).toEqual([404, "404 page not found\n"]);
  });

  it("HTTP-11: serves binary protobuf requests and answers them in protobuf", async () => {
    const emulator = await start();
    const post = (method: string, body: Uint8Array) =>
      fetch(`${emulator.url}/api/explicitrepopermissions.v1.Service/${method}`, {
        method: "POST",
        headers: { "Content-Type": "application/proto", Authorization: `Bearer ${emulator.token("admin")}` },
        // TypeScript's DOM types want an ArrayBuffer-backed view; toBinary's is typed over ArrayBufferLike.
        body: new Uint8Array(body),
      });
    const created = await post(
      "CreateExplicitRepoPermission",
      toBinary(
        CreateExplicitRepoPermissionRequestSchema,
        create(CreateExplicitRepoPermissionRequestSchema, {
          parent: "users/dave@example.com",
          explicitRepoPermission: { repository: "repositories/103" },
        }),
      ),
    );
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toBe("application/proto");
    expect(
      fromBinary(ExplicitRepoPermissionSchema, new Uint8Array(await created.arrayBuffer())),
    ).toMatchObject({
      name: "repositories/103/explicitRepoPermissions/5",
      user: "users/5",
      repository: "repositories/103",
    });

    const listed = await post(
      "ListExplicitRepoPermissions",
      toBinary(
        ListExplicitRepoPermissionsRequestSchema,
        create(ListExplicitRepoPermissionsRequestSchema, { parent: "repositories/103" }),
      ),
    );
    const page = fromBinary(
      ListExplicitRepoPermissionsResponseSchema,
      new Uint8Array(await listed.arrayBuffer()),
    );
    expect(page.explicitRepoPermissions.map((permission) => permission.user)).toEqual(["users/5"]);

    // Connect errors are JSON whatever the request's codec.
    const again = await post(
      "CreateExplicitRepoPermission",
      toBinary(
        CreateExplicitRepoPermissionRequestSchema,
        create(CreateExplicitRepoPermissionRequestSchema, {
          parent: "repositories/103",
          explicitRepoPermission: { user: "users/@dave" },
        }),
      ),
    );
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toBe("application/json");
    expect((await again.json()).code).toBe("already_exists");
  });

  it("refuses a JSON body that is not the request message with invalid_argument", async () => {
    const emulator = await start();
    const response = await fetch(
      `${emulator.url}/api/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${emulator.token("admin")}` },
        body: "{not json",
      },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("invalid_argument");
  });

  it("stops without waiting out calls held by injected latency, and refuses connections afterwards", async () => {
    // A call held for a minute: stop() returning before the test's timeout shows it did not wait for it.
    const emulator = await startEmulator({ faults: { latencyMs: 60_000 } });
    const pending = callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/101" }).catch(
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(1));
    await emulator.stop();
    expect(await pending).toBeInstanceOf(TypeError);
    await expect(fetch(emulator.url)).rejects.toThrow(TypeError);
  });
});

describe("emulator.writes", () => {
  const create = (emulator: Awaited<ReturnType<typeof start>>, user: string) =>
    callApi(emulator, "CreateExplicitRepoPermission", {
      parent: "repositories/102",
      explicit_repo_permission: { user },
    });

  it("starts empty (the seed is not a write) and counts each applied Create and Delete once", async () => {
    const emulator = await start();
    expect(emulator.state.permissions.size).toBeGreaterThan(0);
    expect(emulator.writes.size).toBe(0);
    expect(emulator.writes).toBe(emulator.state.writes);
    expect((await create(emulator, "users/3")).status).toBe(200);
    expect((await create(emulator, "users/@bob")).status).toBe(409);
    const name = { name: "repositories/102/explicitRepoPermissions/3" };
    expect((await callApi(emulator, "DeleteExplicitRepoPermission", name)).status).toBe(200);
    expect((await callApi(emulator, "DeleteExplicitRepoPermission", name)).status).toBe(404);
    expect(emulator.writes.entries()).toEqual([
      { kind: "added", repositoryId: 102, userId: 3 },
      { kind: "removed", repositoryId: 102, userId: 3 },
    ]);
  });

  it("counts one add for a Create whose answer was lost and that the client then retried", async () => {
    // The first fault seed whose first Create is a lost answer and whose second is not.
    const rule = { rate: 0.5, kinds: { lostAnswer: 1 } };
    let seed = 0;
    for (; ; seed++) {
      const injector = createFaultInjector({ seed, perMethod: { CreateExplicitRepoPermission: rule } });
      const [first, second] = [1, 2].map(() => injector.decide("CreateExplicitRepoPermission").kind);
      if (first === "lostAnswer" && second === undefined) break;
    }
    const emulator = await start({ faults: { seed, perMethod: { CreateExplicitRepoPermission: rule } } });

    await expect(create(emulator, "users/3")).rejects.toThrow(TypeError);
    expect(emulator.faults?.log.map((d) => [d.call, d.kind])).toEqual([[1, "lostAnswer"]]);
    // The retry finds the pair there: already_exists, which a client reads as done.
    const retry = await create(emulator, "users/3");
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe("already_exists");
    expect(emulator.writes.added(102, 3)).toBe(1);
    expect(emulator.writes.size).toBe(1);
  });
});

// The client against the emulator's real answers, through a fetch that records each answer's raw body and may
// rewrite it: the emulator emits default values (`"next_page_token": ""`, `[]`), as the documentation's answers
// show; other servers leave them out, or answer in lowerCamelCase, or add fields. The client reads them all.
import type { Emulator } from "@sgkit/emulator";
import { describe, expect, it } from "vitest";
import { createPermissionsClient } from "../src/index.js";
import { sampleEmulator, TOKEN } from "./support/sample-emulator.js";

type Json = Record<string, unknown>;
/** Rewrites the JSON answer of `method` (its 1-based number among that method's answers given). */
type Rewrite = (method: string, answer: Json, index: number) => Json;

/** A client of `emulator` in process, recording every answer's raw body after `rewrite` (if any). */
function recordingClient(emulator: Emulator, rewrite?: Rewrite) {
  const answers: Array<{ method: string; status: number; text: string }> = [];
  const counts = new Map<string, number>();
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const method = new URL(request.url).pathname.split("/").at(-1) ?? "";
    const response = await emulator.fetch(request);
    let text = await response.text();
    if (rewrite && response.status === 200) {
      const index = (counts.get(method) ?? 0) + 1;
      counts.set(method, index);
      text = JSON.stringify(rewrite(method, JSON.parse(text) as Json, index));
    }
    answers.push({ method, status: response.status, text });
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(text, { status: response.status, headers });
  };
  const client = createPermissionsClient({ endpoint: emulator.url, token: TOKEN, fetch, retry: false });
  return { client, answers };
}

/** The users `list` yields for repository 123. */
async function usersOf(client: ReturnType<typeof createPermissionsClient>, pageSize?: number) {
  const users: string[] = [];
  for await (const permission of client.list({ parent: "repositories/123", pageSize })) {
    users.push(permission.user);
  }
  return users;
}

/** `answer` without its empty fields, as a Connect server that does not emit default values writes it. */
function withoutDefaults(answer: Json): Json {
  return Object.fromEntries(
    Object.entries(answer).filter(
      ([, value]) => value !== "" && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

/** `answer` with lowerCamelCase field names, nested permissions included. */
function camelCase(answer: Json): Json {
  const camel = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return Object.fromEntries(
    Object.entries(answer).map(([key, value]) => [
      camel(key),
      Array.isArray(value) ? value.map((item) => camelCase(item as Json)) : value,
    ]),
  );
}

describe("the emulator's answers, as the documentation shows them", () => {
  it("writes an empty ACL's List as both fields present and empty, and the client ends after one call", async () => {
    const emulator = await sampleEmulator({ permissions: [] });
    const { client, answers } = recordingClient(emulator);
    expect(await usersOf(client)).toEqual([]);
    expect(answers).toEqual([
      {
        method: "ListExplicitRepoPermissions",
        status: 200,
        text: '{"explicit_repo_permissions":[],"next_page_token":""}',
      },
    ]);
  });

  it("writes the last page's next_page_token present and empty, and Delete's {}", async () => {
    const emulator = await sampleEmulator({
      permissions: [456, 457, 458].map((user) => ({ repository: 123, user })),
    });
    const { client, answers } = recordingClient(emulator);
    expect(await usersOf(client, 2)).toEqual(["users/456", "users/457", "users/458"]);
    expect(answers.map((answer) => JSON.parse(answer.text).next_page_token)).toEqual([
      expect.stringMatching(/.+/),
      "",
    ]);
    expect(answers[1]?.text).toMatch(/,"next_page_token":""\}$/);
    await client.delete("repositories/123/explicitRepoPermissions/456");
    expect(answers.at(-1)).toEqual({ method: "DeleteExplicitRepoPermission", status: 200, text: "{}" });
  });
});

describe("the same answers with their empty fields left out, or in lowerCamelCase", () => {
  const grants = [456, 457, 458].map((user) => ({ repository: 123, user }));

  it.each<[string, Rewrite]>([
    ["left out", (_, answer) => withoutDefaults(answer)],
    ["in lowerCamelCase", (_, answer) => camelCase(answer)],
    ["left out and in lowerCamelCase", (_, answer) => camelCase(withoutDefaults(answer))],
    [
      "mixed page by page",
      (_, answer, index) => [answer, camelCase(answer), withoutDefaults(answer)][(index - 1) % 3] as Json,
    ],
    [
      "mixed within a page",
      (_, answer) => {
        const { explicit_repo_permissions: permissions, next_page_token: token } = answer;
        return { explicitRepoPermissions: permissions, ...(token ? { next_page_token: token } : {}) };
      },
    ],
  ])("ends an empty ACL and iterates three pages with the fields %s", async (_, rewrite) => {
    const empty = recordingClient(await sampleEmulator({ permissions: [] }), rewrite);
    expect(await usersOf(empty.client)).toEqual([]);
    expect(empty.answers).toHaveLength(1);

    const full = recordingClient(await sampleEmulator({ permissions: grants }), rewrite);
    expect(await usersOf(full.client, 1)).toEqual(["users/456", "users/457", "users/458"]);
    expect(full.answers).toHaveLength(3);
  });

  it("ends on a List answer of {} (no fields at all)", async () => {
    const { client, answers } = recordingClient(
      await sampleEmulator({ permissions: grants }),
      (_, answer, index) => (index === 2 ? {} : answer),
    );
    expect(await usersOf(client, 1)).toEqual(["users/456"]);
    expect(answers.map((answer) => answer.text)).toEqual([
      expect.stringContaining('"next_page_token":"'),
      "{}",
    ]);
  });

  it.each<[string, Json]>([
    ["snake_case", { create_time: "2026-01-01T00:00:00Z", granted_by: { user: "users/1" }, etag: 7 }],
    ["lowerCamelCase", { createTime: "2026-01-01T00:00:00Z", grantedBy: { user: "users/1" }, tags: [] }],
  ])("reads Create, Get and Delete answers with extra unknown fields in %s", async (_, extra) => {
    const { client, answers } = recordingClient(await sampleEmulator({ permissions: [] }), (_, answer) => ({
      ...answer,
      ...extra,
    }));
    const permission = {
      name: "repositories/123/explicitRepoPermissions/457",
      user: "users/457",
      repository: "repositories/123",
    };
    expect(await client.create({ repository: 123, user: "@bob" })).toMatchObject(permission);
    expect(await client.get("repositories/123/explicitRepoPermissions/@bob")).toMatchObject(permission);
    await expect(client.delete(permission.name)).resolves.toBeUndefined();
    expect(answers.map((answer) => [answer.method, JSON.parse(answer.text)])).toEqual([
      ["CreateExplicitRepoPermission", { ...permission, ...extra }],
      ["GetExplicitRepoPermission", { ...permission, ...extra }],
      ["DeleteExplicitRepoPermission", extra],
    ]);
  });
});

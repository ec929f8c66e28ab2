import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { postHeldOpen } from "../../test/support/post-held-open.js";
import { useEmulator } from "../../test/support/use-emulator.js";
import { REQUEST_BODY_LIMIT } from "../server/request-body.js";

const start = useEmulator();
const METHOD = "/api/explicitrepopermissions.v1.Service/GetExplicitRepoPermission";

describe("the /api/ request body", () => {
  it("LIMIT-7: refuses a body past 10 MiB with resource_exhausted as soon as the limit is passed, without reading the rest", async () => {
    const emulator = await start();
    const answer = await postHeldOpen(
      `${emulator.url}${METHOD}`,
      { "Content-Type": "application/json", Authorization: `Bearer ${emulator.token("admin")}` },
      11 * 1024 * 1024,
    );
    // The body was still open (the client holds it until the answer comes): the server answered without it.
    expect(answer.endedBeforeAnswer).toBe(false);
    expect(answer.status).toBe(429);
    expect(answer.headers.get("connection")).toBe("close");
    expect(JSON.parse(answer.text)).toEqual({
      code: "resource_exhausted",
      message: `the request body is larger than ${REQUEST_BODY_LIMIT} bytes`,
    });
    expect(emulator.counters.total()).toBe(0);
    // The emulator goes on serving.
    const after = await fetch(`${emulator.url}${METHOD}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${emulator.token("admin")}` },
      body: JSON.stringify({ name: "repositories/101/explicitRepoPermissions/2" }),
    });
    expect(after.status).toBe(200);
  });

  it("refuses a declared Content-Length past the limit before reading any of the body", async () => {
    const emulator = await start();
    const { port } = new URL(emulator.url);
    // Nothing of the declared body is ever sent: only an answer that reads none of it can come.
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: "127.0.0.1",
          port,
          path: METHOD,
          method: "POST",
          headers: { "Content-Type": "application/json", "Content-Length": String(REQUEST_BODY_LIMIT + 1) },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("end", () => {
            resolve({ status: response.statusCode ?? 0, text });
            request.destroy();
          });
        },
      );
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(answer.status).toBe(429);
    expect(JSON.parse(answer.text)).toMatchObject({ code: "resource_exhausted" });
  });

  it("refuses a gzip body that decompresses past the limit, and one that is not gzip", async () => {
    const emulator = await start();
    const post = (body: Uint8Array<ArrayBuffer>) =>
      fetch(`${emulator.url}${METHOD}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Encoding": "gzip",
          Authorization: `Bearer ${emulator.token("admin")}`,
        },
        body,
      });
    const bomb = gzipSync(Buffer.alloc(REQUEST_BODY_LIMIT + 1, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const inflated = await post(new Uint8Array(bomb));
    expect([inflated.status, (await inflated.json()).code]).toEqual([429, "resource_exhausted"]);
    const broken = await post(new TextEncoder().encode("{}"));
    expect([broken.status, await broken.json()]).toEqual([
      400,
      { code: "invalid_argument", message: "the request body is not valid gzip" },
    ]);
    const zipped = await post(
      new Uint8Array(gzipSync(JSON.stringify({ name: "repositories/101/explicitRepoPermissions/2" }))),
    );
    expect([zipped.status, await zipped.json()]).toEqual([
      200,
      { name: "repositories/101/explicitRepoPermissions/2", user: "users/2", repository: "repositories/101" },
    ]);
  });

  it("LIMIT-8: answers a protobuf body that does not decode with invalid_argument (400), not internal", async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.url}${METHOD}`, {
      method: "POST",
      headers: { "Content-Type": "application/proto", Authorization: `Bearer ${emulator.token("admin")}` },
      body: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({
      code: "invalid_argument",
      message: expect.stringMatching(
        /^cannot decode message explicitrepopermissions\.v1\.GetExplicitRepoPermissionRequest from binary: /,
      ),
    });
    expect(emulator.counters.total()).toBe(0);
  });
});

describe("the /api/ JSON answers", () => {
  // The documentation's answers show empty fields (`"next_page_token": ""`, `[]`, `{}` for Delete): the
  // emulator emits default values, as a server written to match the documentation does.
  async function raw(url: string, method: string, token: string, body: unknown) {
    const response = await fetch(`${url}/api/explicitrepopermissions.v1.Service/${method}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  it("writes next_page_token present and empty on the last page of List", async () => {
    const emulator = await start();
    const answer = await raw(emulator.url, "ListExplicitRepoPermissions", emulator.token("admin"), {
      parent: "repositories/101",
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^\{"explicit_repo_permissions":\[\{.*\}\],"next_page_token":""\}$/);
    expect(JSON.parse(answer.text)).toEqual({
      explicit_repo_permissions: expect.arrayContaining([
        {
          name: "repositories/101/explicitRepoPermissions/2",
          user: "users/2",
          repository: "repositories/101",
        },
      ]),
      next_page_token: "",
    });
  });

  it("writes an empty list and an empty next_page_token for an empty ACL", async () => {
    const emulator = await start();
    for (const parent of ["repositories/104", "users/@carol"]) {
      expect(
        await raw(emulator.url, "ListExplicitRepoPermissions", emulator.token("admin"), { parent }),
      ).toEqual({ status: 200, text: '{"explicit_repo_permissions":[],"next_page_token":""}' });
    }
  });

  it("writes a non-empty next_page_token before the last page, and {} for Delete", async () => {
    const emulator = await start();
    const first = await raw(emulator.url, "ListExplicitRepoPermissions", emulator.token("admin"), {
      parent: "repositories/101",
      page_size: 1,
    });
    expect(JSON.parse(first.text).next_page_token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(
      await raw(emulator.url, "DeleteExplicitRepoPermission", emulator.token("admin"), {
        name: "repositories/101/explicitRepoPermissions/2",
      }),
    ).toEqual({ status: 200, text: "{}" });
  });
});

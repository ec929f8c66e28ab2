import { describe, expect, it } from "vitest";
import { createCallerCheck } from "./caller-check.js";

/** A fake instance: answers `currentUser` by the Authorization header, counting the checks. */
function instance(users: Record<string, { siteAdmin: boolean } | null | "refused" | "down">) {
  const seen: (string | null)[] = [];
  const fetchFn = (async (_input: string | URL | Request, init?: RequestInit) => {
    const header = new Headers(init?.headers).get("authorization");
    seen.push(header);
    const user = users[header ?? ""];
    if (user === "down") throw new TypeError("fetch failed");
    if (user === "refused") return new Response("Invalid access token.\n", { status: 401 });
    return Response.json({ data: { currentUser: user ?? null } });
  }) as typeof fetch;
  return { fetchFn, seen };
}

describe("createCallerCheck", () => {
  it("tells site admins, other users, anonymous callers and refused tokens apart", async () => {
    const { fetchFn } = instance({
      "token admin": { siteAdmin: true },
      "token alice": { siteAdmin: false },
      "token bad": "refused",
    });
    const check = createCallerCheck({ endpoint: "https://sg.example", fetch: fetchFn });
    expect(await check.check("token admin")).toEqual({ kind: "site-admin" });
    expect(await check.check("token alice")).toEqual({ kind: "not-site-admin" });
    expect(await check.check(undefined)).toEqual({ kind: "anonymous" });
    expect(await check.check("token bad")).toMatchObject({
      kind: "refused",
      status: 401,
      body: "Invalid access token.\n",
    });
  });

  it("remembers a verdict for its time, per header, and asks again after it", async () => {
    const { fetchFn, seen } = instance({
      "token admin": { siteAdmin: true },
      "token alice": { siteAdmin: false },
    });
    let now = 0;
    const check = createCallerCheck({
      endpoint: "https://sg.example",
      fetch: fetchFn,
      ttlMs: 1000,
      now: () => now,
    });
    await Promise.all([check.check("token admin"), check.check("token admin"), check.check("token alice")]);
    now = 999;
    await check.check("token admin");
    expect(seen).toEqual(["token admin", "token alice"]);
    now = 1000;
    await check.check("token admin");
    expect(seen).toEqual(["token admin", "token alice", "token admin"]);
  });

  it("keeps neither a refusal nor a failed check", async () => {
    const { fetchFn, seen } = instance({ "token bad": "refused", "token gone": "down" });
    const check = createCallerCheck({ endpoint: "https://sg.example", fetch: fetchFn });
    await check.check("token bad");
    await check.check("token bad");
    await expect(check.check("token gone")).rejects.toThrow("fetch failed");
    await expect(check.check("token gone")).rejects.toThrow("fetch failed");
    expect(seen).toEqual(["token bad", "token bad", "token gone", "token gone"]);
  });

  it("sends only the caller's header and the given ones to the instance's GraphQL endpoint", async () => {
    let sent: { url: string; headers: Headers; body: string } | undefined;
    const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
      sent = { url: String(input), headers: new Headers(init?.headers), body: String(init?.body) };
      return Response.json({ data: { currentUser: { siteAdmin: true } } });
    }) as typeof fetch;
    const check = createCallerCheck({
      endpoint: "https://sg.example",
      fetch: fetchFn,
      headers: { "x-proxy": "1" },
    });
    await check.check("token admin");
    expect(sent?.url).toBe("https://sg.example/.api/graphql?SgkitBridgeCaller");
    expect(sent?.headers.get("authorization")).toBe("token admin");
    expect(sent?.headers.get("x-proxy")).toBe("1");
    expect(JSON.parse(sent?.body ?? "{}").query).toContain("currentUser { siteAdmin }");
  });
});

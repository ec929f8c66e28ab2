import nock from "nock";
import { describe, expect, it } from "vitest";
import { useNock } from "../../test/support/use-nock.js";
import type { Credentials } from "../credentials/credentials.js";
import { SourcegraphError } from "../errors.js";
import { createSourcegraphFetch } from "./fetch.js";

const ORIGIN = "https://sg.example.com";
const OTHER = "https://sso.example.net";
const credentials: Credentials = { type: "token", authorization: async () => "token 0123456789abcdef" };

useNock();

describe("followRedirects", () => {
  it("follows a same-origin redirect with credentials and extra headers", async () => {
    nock(ORIGIN).get("/old").reply(301, "", { Location: "/new?q=1" });
    const seen: Headers[] = [];
    nock(ORIGIN)
      .get("/new")
      .query({ q: "1" })
      .reply((request: Request) => {
        seen.push(request.headers);
        return [200, "here"];
      });
    const fetch = createSourcegraphFetch({ api: "graphql", credentials, headers: { "x-proxy": "p" } });
    const response = await fetch(`${ORIGIN}/old`);
    expect(await response.text()).toBe("here");
    expect(seen[0]?.get("authorization")).toBe("token 0123456789abcdef");
    expect(seen[0]?.get("x-proxy")).toBe("p");
  });

  it("turns a POST into a body-less GET on 303 and on 302", async () => {
    for (const status of [302, 303]) {
      nock(ORIGIN)
        .post("/submit")
        .reply(status, "", { Location: `${ORIGIN}/result` });
      const seen: { method: string; type: string | null; body: string }[] = [];
      nock(ORIGIN)
        .get("/result")
        .reply(async (request: Request) => {
          seen.push({
            method: request.method,
            type: request.headers.get("content-type"),
            body: await request.text(),
          });
          return [200];
        });
      const fetch = createSourcegraphFetch({ api: "graphql" });
      await fetch(`${ORIGIN}/submit`, {
        method: "POST",
        body: "{}",
        headers: { "Content-Type": "application/json" },
      });
      expect(seen).toEqual([{ method: "GET", type: null, body: "" }]);
    }
  });

  it("keeps method and body on 307 and 308", async () => {
    nock(ORIGIN).post("/a").reply(307, "", { Location: "/b" });
    nock(ORIGIN).post("/b").reply(308, "", { Location: "/c" });
    nock(ORIGIN).post("/c", "payload").reply(200, "done");
    const response = await createSourcegraphFetch({ api: "graphql" })(`${ORIGIN}/a`, {
      method: "POST",
      body: "payload",
    });
    expect(await response.text()).toBe("done");
  });

  it("never sends anything to another origin, and names it in the error", async () => {
    nock(ORIGIN)
      .get("/.api/graphql")
      .reply(302, "", { Location: `${OTHER}/login?code=s3cr3t-code` });
    const other = nock(OTHER).get(/.*/).reply(200);
    const fetch = createSourcegraphFetch({ api: "graphql", credentials, headers: { "x-proxy": "p" } });
    const error = await fetch(`${ORIGIN}/.api/graphql`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourcegraphError);
    const { code, message, response } = error as SourcegraphError;
    expect(code).toBe("failed_precondition");
    expect(message).toContain(OTHER);
    expect(message).toContain("SRC_ENDPOINT");
    expect(message).toMatch(/credentials .*never sent to another origin/);
    expect(JSON.stringify(error)).not.toContain("s3cr3t-code");
    expect(response?.headers.location).not.toContain("s3cr3t-code");
    expect(other.isDone()).toBe(false);
  });

  it("refuses a downgrade to http on the same host and a redirect to another port", async () => {
    nock(ORIGIN).get("/x").reply(301, "", { Location: "http://sg.example.com/x" });
    nock(ORIGIN).get("/y").reply(301, "", { Location: "https://sg.example.com:8443/y" });
    const fetch = createSourcegraphFetch({ api: "graphql" });
    await expect(fetch(`${ORIGIN}/x`)).rejects.toThrow(/http:\/\/sg\.example\.com/);
    await expect(fetch(`${ORIGIN}/y`)).rejects.toThrow(/sg\.example\.com:8443/);
  });

  it("stops after maxRedirects hops", async () => {
    nock(ORIGIN).persist().get("/loop").reply(302, "", { Location: "/loop" });
    const error = await createSourcegraphFetch({ api: "graphql", maxRedirects: 2 })(`${ORIGIN}/loop`).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: "SourcegraphError", code: "failed_precondition" });
    expect((error as Error).message).toContain("more than 2 redirects");
  });

  it('returns the redirect itself for redirect: "manual", and a 3xx without Location', async () => {
    nock(ORIGIN)
      .get("/a")
      .reply(302, "", { Location: `${OTHER}/` });
    nock(ORIGIN).get("/b").reply(304);
    const fetch = createSourcegraphFetch({ api: "graphql" });
    const manual = await fetch(`${ORIGIN}/a`, { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe(`${OTHER}/`);
    expect((await fetch(`${ORIGIN}/b`)).status).toBe(304);
  });

  it('rejects any redirect for redirect: "error"', async () => {
    nock(ORIGIN).get("/a").reply(302, "", { Location: "/b" });
    await expect(
      createSourcegraphFetch({ api: "graphql" })(`${ORIGIN}/a`, { redirect: "error" }),
    ).rejects.toThrow(/redirect: "error"/);
  });
});

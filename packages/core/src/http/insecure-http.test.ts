import nock from "nock";
import { describe, expect, it } from "vitest";
import { useNock } from "../../test/use-nock.js";
import type { Credentials } from "../credentials/credentials.js";
import { ConfigurationError } from "../errors/configuration-error.js";
import { createSourcegraphFetch } from "./create-sourcegraph-fetch.js";

const credentials: Credentials = { type: "token", authorization: async () => "token 0123456789abcdef" };

useNock();

describe("refuseInsecureHttp", () => {
  it("refuses credentials over plain HTTP to a remote host, sending nothing", async () => {
    const scope = nock("http://sg.internal.example.com").get("/x").reply(200);
    const error = await createSourcegraphFetch({ api: "graphql", credentials })(
      "http://sg.internal.example.com/x",
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ setting: "allowInsecureHttp" });
    expect((error as Error).message).toContain("http://sg.internal.example.com");
    expect(scope.isDone()).toBe(false);
  });

  it("refuses a sensitive extra header over plain HTTP too", async () => {
    const scope = nock("http://sg.internal.example.com").get("/x").reply(200);
    const fetch = createSourcegraphFetch({ api: "graphql", headers: { "X-Api-Key": "proxy-secret" } });
    await expect(fetch("http://sg.internal.example.com/x")).rejects.toBeInstanceOf(ConfigurationError);
    expect(scope.isDone()).toBe(false);
  });

  it("allows loopback hosts", async () => {
    for (const origin of ["http://127.0.0.1:3080", "http://localhost:3080", "http://[::1]:3080"]) {
      nock(origin).get("/x").reply(200, "ok");
      expect((await createSourcegraphFetch({ api: "graphql", credentials })(`${origin}/x`)).status).toBe(200);
    }
  });

  it("allows any host with allowInsecureHttp", async () => {
    nock("http://sg.internal.example.com").get("/x").reply(200, "ok");
    const fetch = createSourcegraphFetch({ api: "graphql", credentials, allowInsecureHttp: true });
    expect((await fetch("http://sg.internal.example.com/x")).status).toBe(200);
  });

  it("allows anonymous requests over plain HTTP", async () => {
    nock("http://sg.internal.example.com").get("/x").reply(200, "ok");
    expect(
      (await createSourcegraphFetch({ api: "graphql" })("http://sg.internal.example.com/x")).status,
    ).toBe(200);
  });
});

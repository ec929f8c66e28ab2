import nock from "nock";
import { describe, expect, it } from "vitest";
import { useNock } from "../../test/use-nock.js";
import type { Credentials } from "../credentials/credentials.js";
import { ConfigurationError } from "../errors.js";
import { createSourcegraphFetch } from "./fetch.js";
import { isLoopbackHost } from "./insecure-http.js";

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

describe("isLoopbackHost", () => {
  it("recognizes localhost, *.localhost, 127.0.0.0/8 and [::1]", () => {
    const hosts = ["localhost", "LOCALHOST", "localhost.", "sg.localhost", "127.0.0.1", "127.1.2.3", "[::1]"];
    for (const host of hosts) expect(isLoopbackHost(host)).toBe(true);
  });

  it("agrees with what URL normalizes hosts to", () => {
    expect(isLoopbackHost(new URL("http://127.1/").hostname)).toBe(true);
    expect(isLoopbackHost(new URL("http://[0:0:0:0:0:0:0:1]/").hostname)).toBe(true);
  });

  it("refuses everything else, including look-alikes", () => {
    const hosts = [
      "sourcegraph.com",
      "localhost.example.com",
      "127.0.0.1.nip.io",
      "10.0.0.1",
      "0.0.0.0",
      "[::2]",
    ];
    for (const host of hosts) expect(isLoopbackHost(host)).toBe(false);
  });
});

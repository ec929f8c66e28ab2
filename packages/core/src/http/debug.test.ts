import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { useNock } from "../../test/support/use-nock.js";
import type { Credentials } from "../credentials/credentials.js";
import { type DebugEvent, emitDebug } from "./debug.js";
import { createSourcegraphFetch } from "./fetch.js";

const event: DebugEvent = {
  type: "retry",
  method: "GET",
  url: "https://sg.example.com/",
  attempt: 2,
  delayMs: 1,
  reason: "x",
};

describe("emitDebug", () => {
  it("hands the event to the hook", () => {
    const hook = vi.fn();
    emitDebug(hook, event);
    expect(hook).toHaveBeenCalledWith(event);
  });

  it("does nothing without a hook", () => {
    expect(() => emitDebug(undefined, event)).not.toThrow();
  });

  it("swallows what a hook throws or rejects", async () => {
    expect(() =>
      emitDebug(() => {
        throw new Error("broken logger");
      }, event),
    ).not.toThrow();
    const rejected = vi.fn(async () => {
      throw new Error("broken async logger");
    });
    emitDebug(rejected, event);
    await rejected.mock.results[0]?.value.catch(() => {});
    expect(rejected).toHaveBeenCalledOnce();
  });
});

const ORIGIN = "https://sg.example.com";
const credentials: Credentials = { type: "token", authorization: async () => "token 0123456789abcdef0123" };

useNock();

describe("debugLog", () => {
  it("reports requests, responses and retries, redacted", async () => {
    nock(ORIGIN).get("/x").query(true).reply(503);
    nock(ORIGIN).get("/x").query(true).reply(200);
    const events: DebugEvent[] = [];
    let clock = 0;
    const fetch = createSourcegraphFetch({
      api: "graphql",
      credentials,
      headers: { "X-Api-Key": "proxy-secret" },
      onDebug: (event) => events.push(event),
      now: () => (clock += 5),
      random: () => 0,
      sleep: async () => {},
    });
    await fetch(`${ORIGIN}/x?access_token=abcdef123456&q=repo`);
    expect(events.map((e) => e.type)).toEqual(["request", "response", "retry", "request", "response"]);
    expect(events[0]).toMatchObject({
      method: "GET",
      url: `${ORIGIN}/x?access_token=%5BREDACTED%5D&q=repo`,
      attempt: 1,
      headers: { authorization: "[REDACTED]", "x-api-key": "[REDACTED]" },
    });
    expect(events[1]).toMatchObject({ status: 503, durationMs: 5, attempt: 1 });
    expect(events[2]).toMatchObject({ type: "retry", attempt: 2, delayMs: 0, reason: "status 503" });
    expect(events[4]).toMatchObject({ status: 200, attempt: 2 });
    const serialized = JSON.stringify(events);
    expect(serialized).not.toContain("0123456789abcdef0123");
    expect(serialized).not.toContain("proxy-secret");
    expect(serialized).not.toContain("abcdef123456");
  });

  it("keeps the request going when the hook throws", async () => {
    nock(ORIGIN).get("/x").reply(200, "ok");
    const fetch = createSourcegraphFetch({
      api: "graphql",
      onDebug: () => {
        throw new Error("logger down");
      },
    });
    expect(await (await fetch(`${ORIGIN}/x`)).text()).toBe("ok");
  });
});

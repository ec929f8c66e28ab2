import { describe, expect, it } from "vitest";
import { createSourcegraphFetch } from "./create-sourcegraph-fetch.js";
import { responseAttempts } from "./response-attempts.js";

/** A shared fetch over a stub that answers each status of `statuses` in turn, then 200. */
function fetchAnswering(statuses: number[]) {
  return createSourcegraphFetch({
    api: "graphql",
    retry: { budget: false },
    sleep: async () => {},
    fetch: async () => new Response("", { status: statuses.shift() ?? 200 }),
  });
}

describe("responseAttempts", () => {
  it("is the attempt that produced the response the retry layer settled on", async () => {
    const response = await fetchAnswering([503, 502])("https://sg.example.com/x");
    expect(response.status).toBe(200);
    expect(responseAttempts(response)).toBe(3);
  });

  it("is 1 for a first attempt's answer, a final one included, and for a response from elsewhere", async () => {
    expect(responseAttempts(await fetchAnswering([])("https://sg.example.com/x"))).toBe(1);
    expect(responseAttempts(await fetchAnswering([404])("https://sg.example.com/x"))).toBe(1);
    expect(responseAttempts(new Response(""))).toBe(1);
  });

  it("counts the attempts of a response that stayed a failure after the last one", async () => {
    const response = await fetchAnswering([503, 503, 503, 503])("https://sg.example.com/x");
    expect(response.status).toBe(503);
    expect(responseAttempts(response)).toBe(4);
  });
});

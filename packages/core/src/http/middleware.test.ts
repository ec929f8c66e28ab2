import { describe, expect, it } from "vitest";
import { composeMiddleware, type HttpRequest, type Middleware } from "./middleware.js";

describe("composeMiddleware", () => {
  it("runs the first middleware outermost", async () => {
    const trace: string[] = [];
    const layer =
      (name: string): Middleware =>
      (next) =>
      async (request) => {
        trace.push(`>${name}`);
        const response = await next(request);
        trace.push(`<${name}`);
        return response;
      };
    const handler = composeMiddleware([layer("a"), layer("b")], async () => {
      trace.push("fetch");
      return new Response("ok");
    });
    await handler({} as HttpRequest);
    expect(trace).toEqual([">a", ">b", "fetch", "<b", "<a"]);
  });
});

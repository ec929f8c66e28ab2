import { describe, expect, it } from "vitest";
import { apiUrls } from "./api-urls.js";

describe("apiUrls", () => {
  it.each([
    { endpoint: "https://sourcegraph.com", base: "https://sourcegraph.com" },
    { endpoint: "https://example.com/", base: "https://example.com" },
    { endpoint: "https://example.com/sourcegraph/", base: "https://example.com/sourcegraph" },
    { endpoint: "http://user:pass1234@localhost:3080", base: "http://localhost:3080" },
  ])("builds every API URL on $endpoint", ({ endpoint, base }) => {
    expect(apiUrls(endpoint)).toEqual({
      graphql: `${base}/.api/graphql`,
      searchStream: `${base}/.api/search/stream`,
      httpApi: `${base}/api`,
      openApi: `${base}/api/openapi.yaml`,
      mcp: `${base}/.api/mcp`,
    });
  });

  it("refuses an endpoint that is not an http(s) base URL, naming it endpoint", () => {
    expect(() => apiUrls("ftp://example.com")).toThrow(
      expect.objectContaining({ name: "ConfigurationError", setting: "endpoint" }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { parseTokenUrl } from "./parse-token-url.js";

describe("parseTokenUrl", () => {
  it.each([
    "https://sourcegraph.example.com/.auth/oauth/token",
    "http://localhost:3080/token",
    "http://127.0.0.1:3080/token",
    "http://[::1]:3080/token",
  ])("accepts %s", (url) => {
    expect(parseTokenUrl(url).href).toBe(url);
    expect(parseTokenUrl(new URL(url)).href).toBe(url);
  });

  it.each([
    ["not a url", "tokenUrl is not a valid URL: not a url"],
    ["http://sourcegraph.example.com/token", "tokenUrl must be an https: URL"],
    ["ftp://sourcegraph.example.com/token", "tokenUrl must be an https: URL"],
  ])("refuses %s", (url, message) => {
    expect(() => parseTokenUrl(url)).toThrow(ConfigurationError);
    expect(() => parseTokenUrl(url)).toThrow(message);
  });

  it("does not repeat credentials from the URL in its error", () => {
    expect(() => parseTokenUrl("http://client:hunter2-secret@example.com/token")).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2-secret") }),
    );
  });
});

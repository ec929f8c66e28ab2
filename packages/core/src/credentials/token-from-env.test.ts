import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError } from "../errors/configuration-error.js";
import { tokenFromEnv } from "./token-from-env.js";

describe("tokenFromEnv", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads SRC_ACCESS_TOKEN from process.env by default, trimmed", () => {
    vi.stubEnv("SRC_ACCESS_TOKEN", "tok-env-default\n");
    expect(tokenFromEnv()).toBe("tok-env-default");
  });

  it("reads the named variable from the given environment", () => {
    expect(tokenFromEnv("SG_TOKEN", { SG_TOKEN: " tok-env-named " })).toBe("tok-env-named");
  });

  it.each([
    ["absent", {}, "SRC_ACCESS_TOKEN is not set"],
    ["empty", { SRC_ACCESS_TOKEN: "" }, "SRC_ACCESS_TOKEN is empty"],
    ["whitespace only", { SRC_ACCESS_TOKEN: "  \n" }, "SRC_ACCESS_TOKEN is empty"],
    [
      "with a space inside",
      { SRC_ACCESS_TOKEN: "tok-env a" },
      "SRC_ACCESS_TOKEN contains whitespace at position 7",
    ],
  ])("refuses a variable %s, naming it", (_name, env, message) => {
    expect(() => tokenFromEnv(undefined, env)).toThrow(ConfigurationError);
    expect(() => tokenFromEnv(undefined, env)).toThrow(message);
  });
});

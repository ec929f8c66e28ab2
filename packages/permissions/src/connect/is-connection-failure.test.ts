import { Code, ConnectError } from "@connectrpc/connect";
import { NetworkError, SourcegraphError, TimeoutError } from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { isConnectionFailure } from "./is-connection-failure.js";

const socket = (code: string) => Object.assign(new Error(code), { code });

describe("isConnectionFailure", () => {
  it("finds a connection failure anywhere in the cause chain", () => {
    expect(isConnectionFailure(new NetworkError("reset"))).toBe(true);
    expect(isConnectionFailure(new TimeoutError("slow"))).toBe(true);
    expect(isConnectionFailure(socket("ECONNRESET"))).toBe(true);
    expect(isConnectionFailure(new TypeError("terminated", { cause: socket("UND_ERR_SOCKET") }))).toBe(true);
    expect(
      isConnectionFailure(
        ConnectError.from(new TypeError("fetch failed", { cause: socket("ECONNREFUSED") })),
      ),
    ).toBe(true);
  });

  it("is false for answers and other errors", () => {
    expect(isConnectionFailure(new ConnectError("no", Code.PermissionDenied))).toBe(false);
    expect(isConnectionFailure(new SourcegraphError("x", { code: "internal" }))).toBe(false);
    expect(isConnectionFailure(socket("ENOENT"))).toBe(false);
    expect(isConnectionFailure("ECONNRESET")).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { isReplayableBody } from "./is-replayable-body.js";

describe("isReplayableBody", () => {
  it("accepts bodies that can be sent twice", () => {
    const bodies = [
      null,
      undefined,
      "text",
      new ArrayBuffer(2),
      new Uint8Array(2),
      new DataView(new ArrayBuffer(1)),
      new URLSearchParams("a=1"),
      new Blob(["x"]),
      new FormData(),
    ];
    for (const body of bodies) expect(isReplayableBody(body)).toBe(true);
  });

  it("refuses a stream, which the first send consumes", () => {
    expect(isReplayableBody(new Blob(["x"]).stream())).toBe(false);
  });
});

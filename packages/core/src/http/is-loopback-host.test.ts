import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./is-loopback-host.js";

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

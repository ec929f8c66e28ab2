import { ConfigurationError, createConnection } from "@sgkit/core";
import { type Emulator, startEmulator } from "@sgkit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSourcegraph } from "./create-sourcegraph.js";

describe("createSourcegraph", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it("gives three clients of one instance on one connection", async () => {
    const sourcegraph = createSourcegraph({ endpoint: `${emulator.url}/`, token: emulator.token("userAll") });
    expect(sourcegraph.connection.endpoint).toBe(emulator.url);
    expect(sourcegraph.graphql.endpoint).toBe(emulator.url);
    expect(sourcegraph.search.endpoint).toBe(emulator.url);
    expect(sourcegraph.graphql).toBe(sourcegraph.graphql);
    const permission = await sourcegraph.permissions.get("repositories/124/explicitRepoPermissions/456");
    expect(permission.user).toBe("users/456");
  });

  it("takes a connection made beforehand, and checks options before anything is sent", () => {
    const connection = createConnection({ endpoint: emulator.url });
    expect(createSourcegraph(connection).connection).toBe(connection);
    expect(() => createSourcegraph({ endpoint: "not a url" })).toThrow(ConfigurationError);
  });

  it("lets an anonymous caller search, and says what the permissions API needs only when it is used", () => {
    const sourcegraph = createSourcegraph({ endpoint: emulator.url });
    expect(sourcegraph.search.url("x")).toContain("/.api/search/stream?q=x");
    expect(() => sourcegraph.permissions).toThrow(ConfigurationError);
  });
});

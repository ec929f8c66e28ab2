import { describe, expect, it } from "vitest";
import { CliUsageError, parseCliArgs } from "./command-line.js";

describe("parseCliArgs", () => {
  it("defaults to the sample instance on 127.0.0.1, a free port, no faults, no capacity model", () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      version: false,
      json: false,
      port: 0,
      host: "127.0.0.1",
      seedFile: undefined,
      license: true,
      bindID: "username",
      faults: undefined,
      capacity: undefined,
      graphqlAliasLimit: undefined,
    });
  });

  it("reads every flag", () => {
    const args = parseCliArgs([
      "--port=4000",
      "--host",
      "0.0.0.0",
      "--seed",
      "seed.json",
      "--no-license",
      "--bind-id",
      "email",
      "--fault-rate",
      "0.3",
      "--fault-seed",
      "42",
      "--fault-kinds",
      "unavailable=2,reset",
      "--retry-after",
      "5",
      "--latency-ms",
      "10",
      "--latency-jitter-ms",
      "4",
      "--capacity-workers",
      "8",
      "--capacity-service-ms",
      "2.5",
      "--capacity-row-ms",
      "0.1",
      "--capacity-queue-ms",
      "300",
      "--graphql-alias-limit",
      "100",
      "--json",
    ]);
    expect(args).toEqual({
      help: false,
      version: false,
      json: true,
      port: 4000,
      host: "0.0.0.0",
      seedFile: "seed.json",
      license: false,
      bindID: "email",
      faults: {
        seed: 42,
        rate: 0.3,
        kinds: { unavailable: 2, reset: 1 },
        retryAfterSeconds: 5,
        latencyMs: { fixed: 10, jitter: 4 },
      },
      capacity: { workers: 8, serviceMs: 2.5, perRowMs: 0.1, queueTimeoutMs: 300 },
      graphqlAliasLimit: 100,
    });
  });

  it("turns faults on with latency alone", () => {
    expect(parseCliArgs(["--latency-ms", "50"]).faults).toEqual({ latencyMs: { fixed: 50, jitter: 0 } });
  });

  it.each([
    [["--port", "70000"], '--port: must be a port from 0 to 65535, got "70000"'],
    [["--port", ""], '--port: must be a port from 0 to 65535, got ""'],
    [["--fault-rate", "30%"], '--fault-rate: must be a number from 0 to 1, got "30%"'],
    [["--fault-seed", "1.5"], '--fault-seed: must be an integer, got "1.5"'],
    [
      ["--fault-kinds", "crash"],
      '--fault-kinds: "crash" is not one of unavailable, rateLimited, reset, lostAnswer',
    ],
    [["--fault-kinds", "reset=x"], '--fault-kinds: the weight of reset must be a number >= 0, got "x"'],
    [["--latency-ms=-5"], '--latency-ms: must be a number of ms >= 0, got "-5"'],
    [["--bind-id", "id"], '--bind-id: must be username or email, got "id"'],
    [["--capacity-workers", "0"], '--capacity-workers: must be an integer >= 1, got "0"'],
    [["--capacity-service-ms", "5"], "--capacity-workers: is required to turn the capacity model on"],
    [["--graphql-alias-limit", "0"], '--graphql-alias-limit: must be an integer >= 1, got "0"'],
    [["--verbose"], "Unknown option '--verbose'"],
    [["serve"], "Unexpected argument 'serve'"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

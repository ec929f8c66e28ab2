import {
  AuthenticationError,
  ConfigurationError,
  NetworkError,
  PermissionDeniedError,
  RateLimitedError,
  SourcegraphError,
  TimeoutError,
} from "@sgkit/core";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { createGraphQLClient, InvalidNodeIdError } from "@sgkit/graphql";
import { LicenseRequiredError } from "@sgkit/permissions";
import { describe, expect, it } from "vitest";
import { InputError } from "../inputs/input-error.js";
import { MigratorError } from "../migrator-error.js";
import { OutageError } from "../resilience.js";
import { parseCommandLine } from "./arguments.js";
import { describeError, main } from "./main.js";

const ENDPOINT = "https://sourcegraph.example.com";
const API = `${ENDPOINT}/.api/graphql`;

describe("describeError", () => {
  it("gives the migrator's own errors as they are", () => {
    expect(describeError(new MigratorError("The plan deletes 7 permissions."), ENDPOINT)).toBe(
      "The plan deletes 7 permissions.",
    );
    expect(
      describeError(
        new InputError("expected a string, got number", { file: "acl.ndjson", line: 3, field: "users[0]" }),
        ENDPOINT,
      ),
    ).toBe('acl.ndjson:3: field "users[0]": expected a string, got number');
  });

  it("prefixes configuration errors", () => {
    expect(describeError(new ConfigurationError("SRC_ENDPOINT is not a URL."), undefined)).toBe(
      "Configuration: SRC_ENDPOINT is not a URL.",
    );
  });

  it("says the license lacks the HTTP API's feature", () => {
    const error = new LicenseRequiredError("ListExplicitRepoPermissions failed: failed_precondition.");
    expect(describeError(error, ENDPOINT)).toBe(
      `${ENDPOINT} lacks the "Explicit Permissions API" license feature, which the HTTP API needs: ListExplicitRepoPermissions failed: failed_precondition.`,
    );
    expect(describeError(error, undefined)).toMatch(/^the instance lacks the "Explicit Permissions API"/);
  });

  it("says which token setting to check when the token is refused", () => {
    expect(describeError(new AuthenticationError(`POST ${API} failed with HTTP 401.`), ENDPOINT)).toBe(
      `${ENDPOINT} refused the token (POST ${API} failed with HTTP 401): check SRC_ACCESS_TOKEN or --token-file, and that it is for this instance.`,
    );
    const graphql = new AuthenticationError(`POST ${API} failed with HTTP 401.`, {
      request: { method: "POST", url: API },
    });
    expect(describeError(graphql, ENDPOINT)).toBe(
      `${ENDPOINT} refused the token (POST ${API} failed with HTTP 401): check SRC_GRAPHQL_ACCESS_TOKEN or --graphql-token-file (else SRC_ACCESS_TOKEN or --token-file), and that it is for this instance.`,
    );
  });

  it("names the scopes and permissions when a call is refused", () => {
    expect(
      describeError(
        new PermissionDeniedError(`POST ${API} failed with HTTP 403: must be site admin`),
        ENDPOINT,
      ),
    ).toBe(
      `${ENDPOINT} refused the call: POST ${API} failed with HTTP 403: must be site admin. sgkit-migrate needs a site admin's token with the externalapi:read and externalapi:write scopes and the REPO_PERMISSIONS#READ and #WRITE permissions.`,
    );
  });

  it("points at the endpoint when the instance cannot be reached, with one full stop between sentences", () => {
    expect(
      describeError(
        new NetworkError(`POST ${API} failed before any response: connect ECONNREFUSED`),
        ENDPOINT,
      ),
    ).toBe(
      `Cannot reach ${ENDPOINT}: POST ${API} failed before any response: connect ECONNREFUSED. Check SRC_ENDPOINT / --endpoint (and SRC_PROXY).`,
    );
    expect(describeError(new TimeoutError(`POST ${API} got no response within 30000 ms.`), undefined)).toBe(
      `Cannot reach the instance: POST ${API} got no response within 30000 ms. Check SRC_ENDPOINT / --endpoint (and SRC_PROXY).`,
    );
  });

  it("says 'Cannot reach' only of an instance that never answered; otherwise what fails, how often, how long", () => {
    const error = new NetworkError(`POST ${API} failed before any response: other side closed`);
    const answered = {
      failure: () => undefined,
      reached: () => true,
      trouble: () => "connection reset ×10 for 12 s (since 14:02:11 UTC), 10 attempts in a row",
    };
    expect(describeError(error, ENDPOINT, answered)).toBe(
      `${ENDPOINT} failed a call (POST ${API} failed before any response: other side closed): connection reset ×10 for 12 s (since 14:02:11 UTC), 10 attempts in a row.`,
    );
    const never = { ...answered, reached: () => false };
    expect(describeError(error, ENDPOINT, never)).toMatch(new RegExp(`^Cannot reach ${ENDPOINT}: `));
  });

  it("says the run gave up on the instance, whatever error the call surfaced as", () => {
    const gone = new OutageError(
      "no call has succeeded for 10 min (since 14:02:11 UTC; --max-outage is 10 min): HTTP 503 ×40: 40 attempts in a row, probing with backoff",
      true,
    );
    const calls = { failure: () => gone, reached: () => true, trouble: () => undefined };
    expect(describeError(new NetworkError("fetch failed"), ENDPOINT, calls)).toBe(
      `gave up on ${ENDPOINT}: ${gone.message}. Run the command again once the instance answers (--max-outage waits longer).`,
    );
    const unreachable = new OutageError(
      "no answer to any call in 2 s: connection refused ×5: 5 attempts in a row",
      false,
    );
    expect(describeError(unreachable, ENDPOINT)).toBe(
      `Cannot reach ${ENDPOINT}: ${unreachable.message}. Check SRC_ENDPOINT / --endpoint (and SRC_PROXY).`,
    );
    // A command that says more (apply, with the command that resumes it) is heard as it is.
    const said = new MigratorError("gave up on it: … continue with: sgkit-migrate apply plan.json --resume");
    expect(describeError(said, ENDPOINT, calls)).toBe(said.message);
  });

  it.each([404, 405])("asks whether %i came from a Sourcegraph instance", (status) => {
    const error = new SourcegraphError(`POST ${API} failed with HTTP ${status}.`, {
      code: "not_found",
      status,
      request: { method: "POST", url: API },
    });
    expect(describeError(error, ENDPOINT)).toBe(
      `${ENDPOINT} answered ${status} for ${API}: is it a Sourcegraph instance (7.0 or later, for the HTTP API)? Check SRC_ENDPOINT / --endpoint.`,
    );
    expect(describeError(new SourcegraphError("Not found.", { code: "not_found", status }), ENDPOINT)).toBe(
      `${ENDPOINT} answered ${status} for an API call: is it a Sourcegraph instance (7.0 or later, for the HTTP API)? Check SRC_ENDPOINT / --endpoint.`,
    );
  });

  it("gives other sgkit errors their own message", () => {
    expect(
      describeError(
        new SourcegraphError(`POST ${API} failed with HTTP 500.`, { code: "internal", status: 500 }),
        ENDPOINT,
      ),
    ).toBe(`POST ${API} failed with HTTP 500.`);
    expect(describeError(new RateLimitedError("Too many requests."), ENDPOINT)).toBe("Too many requests.");
    expect(describeError(new InvalidNodeIdError('"x" is not a node ID.', { id: "x" }), ENDPOINT)).toBe(
      '"x" is not a node ID.',
    );
  });

  it("says Stopped. for an abort", () => {
    expect(describeError(new DOMException("This operation was aborted", "AbortError"), ENDPOINT)).toBe(
      "Stopped.",
    );
    expect(describeError(AbortSignal.abort().reason, ENDPOINT)).toBe("Stopped.");
  });

  it("shows the stack of anything else, as a bug to report", () => {
    const error = new TypeError("cannot read properties of undefined");
    const text = describeError(error, ENDPOINT);
    expect(
      text.startsWith("Internal error (please report it): TypeError: cannot read properties of undefined\n"),
    ).toBe(true);
    expect(text).toContain("main.test.ts");
    expect(describeError("a thrown string", ENDPOINT)).toBe("a thrown string");
    expect(describeError(42, ENDPOINT)).toBe("42");
  });

  it("redacts a token in an unknown error's message and stack", () => {
    const token = createCanaryToken();
    const error = new Error(`request failed with Authorization: token ${token}`);
    const text = describeError(error, ENDPOINT);
    expect(findSecret(token, text)).toBeUndefined();
    expect(text).toMatch(
      /^Internal error \(please report it\): Error: request failed with Authorization: \[REDACTED\]\n/,
    );
    expect(findSecret(token, describeError(`thrown: ${token}`, ENDPOINT))).toBeUndefined();
  });

  it("redacts a token-shaped string that was never registered", () => {
    const unregistered = `sgp_${"0123456789abcdef"}_${"ab".repeat(20)}`;
    const text = describeError(new RangeError(`bad value ${unregistered}`), ENDPOINT);
    expect(text).not.toContain(unregistered);
    expect(text).toMatch(/^Internal error \(please report it\): RangeError: bad value \[REDACTED\]\n/);
  });

  it("redacts a token the user typed where a command belongs, and one quoted from an input file", () => {
    const token = createCanaryToken();
    let refused: unknown;
    try {
      parseCommandLine([token, "plan", "acl.ndjson"]);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(MigratorError);
    const text = describeError(refused, undefined);
    expect(findSecret(token, text)).toBeUndefined();
    expect(text).toBe(
      'Unknown command "[REDACTED]": use plan, apply, verify, export, rollback or bridge (sgkit-migrate --help).',
    );

    const input = new InputError(`expected an array, got ${JSON.stringify(token)}`, {
      file: "acl.ndjson",
      line: 2,
    });
    expect(findSecret(token, describeError(input, ENDPOINT))).toBeUndefined();
  });

  it("redacts a token in the endpoint it names", () => {
    const token = createCanaryToken();
    const text = describeError(new NetworkError("connect ECONNREFUSED"), `https://x:${token}@sg.example.com`);
    expect(findSecret(token, text)).toBeUndefined();
  });
});

describe("plain HTTP", () => {
  const advice = "Use an https:// endpoint, or --allow-insecure-http to send the token in clear anyway.";

  it("names the CLI's flag, not the library's option, when the token would go in clear", async () => {
    const client = createGraphQLClient({
      endpoint: "http://sg.internal.example.com",
      token: createCanaryToken(),
    });
    const error = await client.currentUser().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ConfigurationError", setting: "allowInsecureHttp" });
    const text = describeError(error, "http://sg.internal.example.com");
    expect(text).toBe(
      `Refusing to send credentials over plain HTTP to http://sg.internal.example.com: anyone on the network path could read them. ${advice}`,
    );
    expect(text).not.toContain("allowInsecureHttp");
  });

  async function run(argv: string[], env: Record<string, string>) {
    let stderr = "";
    const status = await main(argv, {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      env,
    });
    return { status, stderr };
  }

  // `.invalid` names never resolve (RFC 2606): a non-loopback plain-HTTP endpoint that no test traffic can reach.
  it("refuses the token to a plain-HTTP endpoint on the network before sending anything, naming the flag", async () => {
    const token = createCanaryToken();
    const { status, stderr } = await run(["export", "--endpoint", "http://sg.invalid:3080"], {
      SRC_ACCESS_TOKEN: token,
    });
    expect(status).toBe(1);
    expect(stderr).toBe(
      `sgkit-migrate export: Refusing to send credentials over plain HTTP to http://sg.invalid:3080: anyone on the network path could read them. ${advice}\n`,
    );
    expect(findSecret(token, stderr)).toBeUndefined();
  });

  it("refuses it through a plain-HTTP SRC_PROXY on the network, even to a loopback endpoint", async () => {
    const token = createCanaryToken();
    // export: it has no input file to read before its first call (plan would first refuse the missing acl.ndjson).
    const { status, stderr } = await run(["export"], {
      SRC_ENDPOINT: "http://127.0.0.1:3080",
      SRC_ACCESS_TOKEN: token,
      SRC_PROXY: "http://proxy.invalid:3128",
    });
    expect(status).toBe(1);
    expect(stderr).toContain(
      "sgkit-migrate export: Refusing to send credentials over plain HTTP to http://127.0.0.1:3080 through the proxy http://proxy.invalid:3128 (SRC_PROXY), which is reached without TLS",
    );
    expect(stderr).toContain(advice);
    expect(stderr).not.toContain("allowInsecureHttp");
    expect(findSecret(token, stderr)).toBeUndefined();
  });

  it("sends it anyway with --allow-insecure-http: the request is made, and fails only because nothing is there", async () => {
    const token = createCanaryToken();
    const argv = ["export", "--endpoint", "http://sg.invalid:3080", "--allow-insecure-http"];
    const { status, stderr } = await run(argv, { SRC_ACCESS_TOKEN: token });
    expect(status).toBe(1);
    expect(stderr).not.toContain("Refusing to send credentials");
    expect(stderr).toMatch(/sg\.invalid/);
    expect(findSecret(token, stderr)).toBeUndefined();
  });

  it("is a flag of every command", () => {
    for (const argv of [["plan", "a.ndjson"], ["apply", "plan.json"], ["verify", "a.ndjson"], ["export"]]) {
      const line = parseCommandLine([...argv, "--allow-insecure-http"]);
      expect(line).toMatchObject({ args: { allowInsecureHttp: true } });
      expect(parseCommandLine(argv)).toMatchObject({ args: { allowInsecureHttp: false } });
    }
  });
});

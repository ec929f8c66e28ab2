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
import { InvalidNodeIdError } from "@sgkit/graphql";
import { LicenseRequiredError } from "@sgkit/permissions";
import { describe, expect, it } from "vitest";
import { InputError } from "../inputs/input-error.js";
import { MigratorError } from "../migrator-error.js";
import { parseCommandLine } from "./arguments.js";
import { describeError } from "./main.js";

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
      'Unknown command "[REDACTED]": use plan, apply, verify or export (sgkit-migrate --help).',
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

import { Code, ConnectError } from "@connectrpc/connect";
import {
  AuthenticationError,
  ConfigurationError,
  NetworkError,
  PermissionDeniedError,
  RateLimitedError,
  SourcegraphError,
  TimeoutError,
} from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { AlreadyExistsError } from "../errors/already-exists-error.js";
import { LicenseRequiredError } from "../errors/license-required-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { errorFromConnect, type FailedCall } from "./error-from-connect.js";

const URL = "https://sg.example.com/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission";
const write: FailedCall = {
  procedure: "CreateExplicitRepoPermission",
  access: "write",
  url: URL,
  subject: "repositories/123/explicitRepoPermissions/@alice",
  attempts: 1,
  now: () => 0,
};
const read: FailedCall = {
  ...write,
  procedure: "ListExplicitRepoPermissions",
  access: "read",
  subject: "repositories/123",
};

/** A Connect error as the Connect transports read one from the wire. */
function wire(code: Code, message: string, headers: Record<string, string> = {}): ConnectError {
  const error = new ConnectError(message, code, headers);
  error.isWireError = true;
  return error;
}

describe("errorFromConnect", () => {
  it.each([
    [Code.Unauthenticated, AuthenticationError, "unauthenticated", 401, false],
    [Code.PermissionDenied, PermissionDeniedError, "permission_denied", 403, false],
    [Code.ResourceExhausted, RateLimitedError, "resource_exhausted", 429, true],
    [Code.NotFound, NotFoundError, "not_found", 404, false],
    [Code.AlreadyExists, AlreadyExistsError, "already_exists", 409, false],
    [Code.DeadlineExceeded, TimeoutError, "deadline_exceeded", 504, true],
    [Code.Unavailable, SourcegraphError, "unavailable", 503, true],
    [Code.InvalidArgument, SourcegraphError, "invalid_argument", 400, false],
    [Code.FailedPrecondition, SourcegraphError, "failed_precondition", 400, false],
    [Code.Aborted, SourcegraphError, "aborted", 409, false],
    [Code.Internal, SourcegraphError, "internal", 500, false],
    [Code.Unimplemented, SourcegraphError, "unimplemented", 501, false],
    [Code.Unknown, SourcegraphError, "unknown", 500, false],
    [Code.Canceled, SourcegraphError, "canceled", 499, false],
  ])("maps code %i to %s (%s, HTTP %i, retryable %s)", (code, type, name, status, retryable) => {
    const error = errorFromConnect(wire(code, "server words", { "x-request-id": "req-7" }), write);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({
      code: name,
      status,
      isRetryable: retryable,
      method: "POST",
      url: URL,
      requestId: "req-7",
    });
    expect(error.message).toContain(
      "CreateExplicitRepoPermission of repositories/123/explicitRepoPermissions/@alice",
    );
    expect(error.message).toContain(`failed with ${name}: server words`);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("names the scope and RBAC permission a refused read or write needs", () => {
    const denied = (call: FailedCall) => errorFromConnect(wire(Code.PermissionDenied, "nope"), call).message;
    expect(denied(write)).toContain("externalapi:write");
    expect(denied(write)).toContain("REPO_PERMISSIONS#WRITE");
    expect(denied(write)).not.toContain("externalapi:read");
    expect(denied(read)).toContain("externalapi:read");
    expect(denied(read)).toContain("REPO_PERMISSIONS#READ");
    expect(denied(read)).not.toContain("#WRITE");
  });

  it("reads failed_precondition about the license as LicenseRequiredError, and nothing else as it", () => {
    const license = errorFromConnect(
      wire(Code.FailedPrecondition, 'The "Explicit Permissions API" feature is not included in the license.'),
      read,
    );
    expect(license).toBeInstanceOf(LicenseRequiredError);
    expect(license.message).toContain("Explicit Permissions API");
    expect(license.isRetryable).toBe(false);
    const other = errorFromConnect(wire(Code.FailedPrecondition, "repository is being deleted"), read);
    expect(other).not.toBeInstanceOf(LicenseRequiredError);
    expect(other.code).toBe("failed_precondition");
  });

  it("keeps Retry-After as retryAfterMs, in seconds or as a date", () => {
    const seconds = errorFromConnect(wire(Code.ResourceExhausted, "slow down", { "retry-after": "7" }), read);
    expect(seconds).toBeInstanceOf(RateLimitedError);
    expect((seconds as RateLimitedError).retryAfterMs).toBe(7000);
    const date = errorFromConnect(
      wire(Code.ResourceExhausted, "", { "retry-after": new Date(5000).toUTCString() }),
      read,
    );
    expect((date as RateLimitedError).retryAfterMs).toBe(5000);
    const none = errorFromConnect(wire(Code.ResourceExhausted, ""), read);
    expect((none as RateLimitedError).retryAfterMs).toBeUndefined();
  });

  it("takes the HTTP status of a non-Connect answer, which Connect only puts in words", () => {
    // connect-web reads a plain-text 429 from a proxy as `unavailable` with the message "HTTP 429".
    const proxy = errorFromConnect(
      new ConnectError("HTTP 429", Code.Unavailable, { "retry-after": "3" }),
      read,
    );
    expect(proxy).toBeInstanceOf(RateLimitedError);
    expect(proxy).toMatchObject({ status: 429, retryAfterMs: 3000 });
    const gateway = errorFromConnect(new ConnectError("HTTP 502", Code.Unavailable), read);
    expect(gateway).toMatchObject({ code: "unavailable", status: 502, isRetryable: true });
    const plain401 = errorFromConnect(new ConnectError("HTTP 401", Code.Unauthenticated), read);
    expect(plain401).toBeInstanceOf(AuthenticationError);
    expect(plain401.status).toBe(401);
  });

  it("says a create or delete was retried when already_exists or not_found may come from a lost answer", () => {
    const once = errorFromConnect(wire(Code.AlreadyExists, "exists"), write);
    expect(once.message).not.toContain("retried");
    const retried = errorFromConnect(wire(Code.AlreadyExists, "exists"), { ...write, attempts: 3 });
    expect(retried.message).toContain("The call was retried (3 attempts)");
  });

  it("returns sgkit errors as they are, also when Connect wrapped them", () => {
    const network = new NetworkError("reset");
    expect(errorFromConnect(network, write)).toBe(network);
    const configuration = new ConfigurationError("sudo");
    expect(
      errorFromConnect(new ConnectError("x", Code.Unknown, undefined, undefined, configuration), write),
    ).toBe(configuration);
    const timeout = new TimeoutError("slow");
    expect(
      errorFromConnect(
        ConnectError.from(new ConnectError("t", Code.DeadlineExceeded, undefined, undefined, timeout)),
        write,
      ),
    ).toBe(timeout);
  });

  it("wraps anything else as an unknown SourcegraphError", () => {
    const error = errorFromConnect(new TypeError("weird"), write);
    expect(error).toBeInstanceOf(SourcegraphError);
    expect(error).toMatchObject({ code: "unknown", url: URL });
    expect(error.message).toContain("weird");
  });
});

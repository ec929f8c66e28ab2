import { ConnectError } from "@connectrpc/connect";
import {
  AuthenticationError,
  type ErrorCode,
  PermissionDeniedError,
  RateLimitedError,
  SourcegraphError,
  type SourcegraphErrorOptions,
  TimeoutError,
} from "@sgkit/core";
import { parseRetryAfter } from "@sgkit/core/internal";
import { AlreadyExistsError } from "../errors/already-exists-error.js";
import { LicenseRequiredError } from "../errors/license-required-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { errorCodeFromConnect, httpStatusFromErrorCode } from "./codes.js";

/** The call an error is about, for its message and its `request`. */
export interface FailedCall {
  /** The RPC's method name, such as `CreateExplicitRepoPermission`. */
  procedure: string;
  /** Whether the call reads or writes, which decides the scope and RBAC permission it needs. */
  access: "read" | "write";
  /** The full URL of the procedure. */
  url: string;
  /** What the call was about: a resource name, or `parent → user`. */
  subject: string;
  /** How many attempts were made (`ATTEMPTS`); 0 or 1 for one. */
  attempts: number;
  /** The clock, for `Retry-After` dates. */
  now?: () => number;
}

/** What each kind of call needs from the token and the user, named in a `permission_denied` error. */
const NEEDS = {
  read: { scope: "externalapi:read", permission: "REPO_PERMISSIONS#READ" },
  write: { scope: "externalapi:write", permission: "REPO_PERMISSIONS#WRITE" },
} as const;

/** A Connect error that is not from the server but an HTTP status Connect put into words: `HTTP 429`. */
const HTTP_STATUS_MESSAGE = /^HTTP (\d{3})$/;

/**
 * The sgkit error for a failed call of the explicit permissions API.
 *
 * An sgkit error (thrown by the shared fetch: `ConfigurationError`, `NetworkError`, `TimeoutError`, …) is returned
 * as it is, also when the transport wrapped it in a `ConnectError`. A Connect error becomes, by code:
 * `AuthenticationError` (unauthenticated), `PermissionDeniedError` naming the scope and RBAC permission the call
 * needs, `RateLimitedError` with `retryAfterMs`, `NotFoundError` and `AlreadyExistsError` (with the call's
 * `attempts`), `LicenseRequiredError` (failed_precondition about the license), `TimeoutError`
 * (deadline_exceeded), and otherwise a `SourcegraphError` with Connect's code (`unavailable` is retryable). Each
 * keeps the status, the URL, the request id and the response headers, redacted; the Connect error is kept as the
 * cause.
 */
export function errorFromConnect(error: unknown, call: FailedCall): SourcegraphError {
  if (SourcegraphError.isInstance(error)) return error;
  if (!(error instanceof ConnectError)) {
    return new SourcegraphError(`${call.procedure} of ${call.subject} failed: ${String(error)}`, {
      code: "unknown",
      request: { method: "POST", url: call.url },
      cause: error,
    });
  }
  if (SourcegraphError.isInstance(error.cause)) return error.cause;

  // Connect reports a non-Connect answer (a proxy's 429 or 503 page, a plain-text 401) as `HTTP <status>`
  // with the code of its table; the status itself is more precise (Connect calls a 429 `unavailable`).
  const httpStatus = error.isWireError ? undefined : HTTP_STATUS_MESSAGE.exec(error.rawMessage)?.[1];
  const code: ErrorCode = httpStatus === "429" ? "resource_exhausted" : errorCodeFromConnect(error.code);
  const status = httpStatus === undefined ? httpStatusFromErrorCode(code) : Number(httpStatus);
  const serverSaid = error.rawMessage ? `: ${error.rawMessage}` : "";
  const base = `${call.procedure} of ${call.subject} failed with ${code}${serverSaid}`;
  const options: Omit<SourcegraphErrorOptions, "code"> = {
    request: { method: "POST", url: call.url },
    response: { status, headers: error.metadata },
    cause: error,
  };
  const retried =
    call.attempts > 1
      ? ` The call was retried (${call.attempts} attempts), so an earlier attempt whose answer was lost may ` +
        "have made this change."
      : "";

  switch (code) {
    case "unauthenticated":
      return new AuthenticationError(
        `${base}. The server refused the access token: check that it is valid and not expired. The /api/ ` +
          "HTTP API accepts only access tokens sent as Bearer tokens, never sudo or session cookies.",
        options,
      );
    case "permission_denied": {
      const { scope, permission } = NEEDS[call.access];
      return new PermissionDeniedError(
        `${base}. ${call.procedure} needs an access token with the scope ${scope} (legacy user:all tokens ` +
          `also work, audit-logged) and a user holding the RBAC permission ${permission}.`,
        options,
      );
    }
    case "resource_exhausted": {
      const retryAfterMs = parseRetryAfter(error.metadata.get("retry-after"), (call.now ?? Date.now)());
      return new RateLimitedError(`${base}.`, {
        ...options,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    case "not_found":
      return new NotFoundError(`${base}.${retried}`, { ...options, attempts: call.attempts });
    case "already_exists":
      return new AlreadyExistsError(`${base}.${retried}`, { ...options, attempts: call.attempts });
    case "failed_precondition":
      if (/licen[cs]e/i.test(error.rawMessage)) {
        return new LicenseRequiredError(
          `${base}. The instance's license lacks the "Explicit Permissions API" feature, which every call of ` +
            "this API needs.",
          options,
        );
      }
      return new SourcegraphError(`${base}.`, { ...options, code });
    case "deadline_exceeded":
      return new TimeoutError(`${base}.`, options);
    default:
      return new SourcegraphError(`${base}.`, { ...options, code });
  }
}

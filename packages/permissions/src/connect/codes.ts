// Connect's error codes in sgkit's vocabulary (its snake_case spelling of the same codes), and the HTTP status
// the Connect protocol answers each with.

import { Code } from "@connectrpc/connect";
import type { ErrorCode } from "@sgkit/core";

const CODES: Record<ErrorCode, Code> = {
  canceled: Code.Canceled,
  unknown: Code.Unknown,
  invalid_argument: Code.InvalidArgument,
  deadline_exceeded: Code.DeadlineExceeded,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  permission_denied: Code.PermissionDenied,
  resource_exhausted: Code.ResourceExhausted,
  failed_precondition: Code.FailedPrecondition,
  aborted: Code.Aborted,
  out_of_range: Code.OutOfRange,
  unimplemented: Code.Unimplemented,
  internal: Code.Internal,
  unavailable: Code.Unavailable,
  data_loss: Code.DataLoss,
  unauthenticated: Code.Unauthenticated,
};

const NAMES = Object.fromEntries(Object.entries(CODES).map(([name, code]) => [code, name])) as Record<
  Code,
  ErrorCode
>;

/** The HTTP status a Connect server sends with each code (connectrpc.com/docs/protocol, "Error Codes"). */
const STATUSES: Record<ErrorCode, number> = {
  canceled: 499,
  unknown: 500,
  invalid_argument: 400,
  deadline_exceeded: 504,
  not_found: 404,
  already_exists: 409,
  permission_denied: 403,
  resource_exhausted: 429,
  failed_precondition: 400,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
  unauthenticated: 401,
};

/** The Connect code for an sgkit error code. */
export function connectCodeFromErrorCode(code: ErrorCode): Code {
  return CODES[code];
}

/** The sgkit error code for a Connect code; `unknown` for a number Connect does not define. */
export function errorCodeFromConnect(code: Code): ErrorCode {
  return NAMES[code] ?? "unknown";
}

/**
 * The HTTP status a Connect server sends with an error of `code`. A Connect error carries its code, not the
 * status, but the protocol fixes one status per code, so the status is known exactly.
 */
export function httpStatusFromErrorCode(code: ErrorCode): number {
  return STATUSES[code];
}

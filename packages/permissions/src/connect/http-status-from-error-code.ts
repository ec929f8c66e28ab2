import type { ErrorCode } from "@sgkit/core";

/** The HTTP status the Connect protocol answers each code with (connectrpc.com/docs/protocol, "Error Codes"). */
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

/**
 * The HTTP status a Connect server sends with an error of `code`. A Connect error carries its code, not the
 * status, but the protocol fixes one status per code, so the status is known exactly.
 */
export function httpStatusFromErrorCode(code: ErrorCode): number {
  return STATUSES[code];
}

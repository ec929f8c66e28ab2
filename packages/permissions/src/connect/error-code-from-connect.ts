import { Code } from "@connectrpc/connect";
import type { ErrorCode } from "@sgkit/core";

/** Connect's numeric codes in sgkit's vocabulary, which is Connect's own snake_case spelling of them. */
const NAMES: Record<Code, ErrorCode> = {
  [Code.Canceled]: "canceled",
  [Code.Unknown]: "unknown",
  [Code.InvalidArgument]: "invalid_argument",
  [Code.DeadlineExceeded]: "deadline_exceeded",
  [Code.NotFound]: "not_found",
  [Code.AlreadyExists]: "already_exists",
  [Code.PermissionDenied]: "permission_denied",
  [Code.ResourceExhausted]: "resource_exhausted",
  [Code.FailedPrecondition]: "failed_precondition",
  [Code.Aborted]: "aborted",
  [Code.OutOfRange]: "out_of_range",
  [Code.Unimplemented]: "unimplemented",
  [Code.Internal]: "internal",
  [Code.Unavailable]: "unavailable",
  [Code.DataLoss]: "data_loss",
  [Code.Unauthenticated]: "unauthenticated",
};

/** The sgkit error code for a Connect code; `unknown` for a number Connect does not define. */
export function errorCodeFromConnect(code: Code): ErrorCode {
  return NAMES[code] ?? "unknown";
}

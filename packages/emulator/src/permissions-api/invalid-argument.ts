import { Code, ConnectError } from "@connectrpc/connect";

/** An `invalid_argument` error whose message starts with the request field at fault, e.g. `parent: ...`. */
export function invalidArgument(field: string, problem: string): ConnectError {
  return new ConnectError(`${field}: ${problem}`, Code.InvalidArgument);
}

import type { IncomingMessage } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { createContextKey } from "@connectrpc/connect";

/**
 * The Node request of a Connect call, put in the call's context values by the adapter, so that interceptors can
 * reach the raw socket: a connection-reset or lost-answer fault destroys it, which Connect alone cannot do.
 */
export const nodeRequestKey = createContextKey<IncomingMessage | Http2ServerRequest | undefined>(undefined, {
  description: "the Node.js request of a Connect call",
});

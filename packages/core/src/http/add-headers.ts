import { VERSION } from "../version.js";
import type { Middleware } from "./middleware.js";

/** The headers every request of a client carries. */
export interface AddHeadersOptions {
  /** Extra headers, such as those an auth proxy in front of Sourcegraph wants (`SRC_HEADER_*`). */
  headers: Record<string, string>;
  /** The application's own product token, put before `sgkit/<version>`. */
  userAgent: string | undefined;
}

/**
 * The headers layer: it adds the client's extra headers and `User-Agent: <userAgent> sgkit/<version>`, so that
 * a Sourcegraph admin can tell which tool is calling. A header the request sets itself, `User-Agent` included,
 * wins over the client's.
 */
export function addHeaders(options: AddHeadersOptions): Middleware {
  const userAgent = options.userAgent ? `${options.userAgent} sgkit/${VERSION}` : `sgkit/${VERSION}`;
  const extra = new Headers(options.headers);
  return (next) => (request) => {
    const headers = new Headers(request.headers);
    extra.forEach((value, name) => {
      if (!headers.has(name)) headers.set(name, value);
    });
    if (!headers.has("user-agent")) headers.set("user-agent", userAgent);
    return next({ ...request, headers });
  };
}

import type { ServerResponse } from "node:http";

/** Answers with a plain-text body, as Go's `http.Error` writes it (a final newline, `nosniff`) on Sourcegraph. */
export function plainText(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response
    .writeHead(status, {
      "Content-Type": "text/plain; charset=utf-8",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    })
    .end(`${message}\n`);
}

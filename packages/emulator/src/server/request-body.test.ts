import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { describe, expect, it, onTestFinished } from "vitest";
import { type BodyEncoding, closeAfterAnswer, RequestBodyError, readRequestBody } from "./request-body.js";

/** A server that reads each request's body with `readRequestBody` and reports what it got. */
async function bodyServer(limit: number, encoding?: BodyEncoding) {
  const outcomes: Array<Buffer | Error> = [];
  let settled = () => {};
  let arrived = () => {};
  const server = createServer((request, response) => {
    arrived();
    readRequestBody(request, { limit, encoding }).then(
      (body) => {
        outcomes.push(body);
        settled();
        response.end(`read ${body.length}`);
      },
      (error: Error) => {
        outcomes.push(error);
        settled();
        const status = error instanceof RequestBodyError ? error.status : 500;
        response.writeHead(status, closeAfterAnswer(response)).end(error.message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const next = () => ({
    arrived: new Promise<void>((resolve) => {
      arrived = resolve;
    }),
    settled: new Promise<void>((resolve) => {
      settled = resolve;
    }),
  });
  return { url, outcomes, next };
}

describe("readRequestBody", () => {
  it("reads a body up to the limit, and decompresses gzip and br within it", async () => {
    const plain = await bodyServer(10);
    const ok = await fetch(plain.url, { method: "POST", body: "0123456789" });
    expect([ok.status, await ok.text()]).toEqual([200, "read 10"]);
    const over = await fetch(plain.url, { method: "POST", body: "0123456789x" });
    expect([over.status, await over.text(), over.headers.get("connection")]).toEqual([
      413,
      "the request body is larger than 10 bytes",
      "close",
    ]);

    // The limit holds for the body as sent and once decompressed.
    const gzip = await bodyServer(64, "gzip");
    const zipped = await fetch(gzip.url, { method: "POST", body: new Uint8Array(gzipSync("x".repeat(64))) });
    expect(await zipped.text()).toBe("read 64");
    const inflated = await fetch(gzip.url, {
      method: "POST",
      body: new Uint8Array(gzipSync("x".repeat(65))),
    });
    expect(inflated.status).toBe(413);
    const broken = await fetch(gzip.url, { method: "POST", body: "not gzip" });
    expect([broken.status, await broken.text()]).toEqual([400, "the request body is not valid gzip"]);

    const br = await bodyServer(64, "br");
    const compressed = await fetch(br.url, {
      method: "POST",
      body: new Uint8Array(brotliCompressSync("abc")),
    });
    expect(await compressed.text()).toBe("read 3");
  });

  it("rejects, rather than waiting for ever, when the client goes away in the middle of the body", async () => {
    const server = await bodyServer(1024);
    const { arrived, settled } = server.next();
    const { port } = new URL(server.url);
    const request = httpRequest({
      host: "127.0.0.1",
      port,
      method: "POST",
      headers: { "Content-Length": "100" },
    });
    request.on("error", () => {});
    request.write("only part of it");
    await arrived;
    request.destroy();
    await settled;
    expect(server.outcomes).toHaveLength(1);
    expect(server.outcomes[0]).toBeInstanceOf(Error);
    expect(server.outcomes[0]).not.toBeInstanceOf(RequestBodyError);
  });
});

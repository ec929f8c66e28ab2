// The cost of sgkit's layers (auth, retry bookkeeping, redirects, timeout, headers) over a plain fetch, on
// loopback where the network costs least, so the ratio is an upper bound of what users pay.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, test } from "vitest";
import { createTokenCredentials } from "../src/credentials/token.js";
import { createSourcegraphFetch } from "../src/http/fetch.js";
import { redactText, registerSecret } from "../src/redaction.js";

const server = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "application/json" }).end('{"data":{}}');
});
let url = "";
const token = "sgp_0123456789abcdef_0123456789012345678901234567890123456789";
const sourcegraphFetch = createSourcegraphFetch({
  api: "graphql",
  credentials: createTokenCredentials(token),
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.api/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("GET on loopback: createSourcegraphFetch against plain fetch", async ({ bench }) => {
  await bench.compare(
    bench("baseline: globalThis.fetch", async () => {
      await (await fetch(url, { headers: { authorization: `token ${token}` } })).text();
    }),
    bench("createSourcegraphFetch", async () => {
      await (await sourcegraphFetch(url)).text();
    }),
    { time: 2000 },
  );
});

test("redactText on a 4 KiB error body", async ({ bench }) => {
  for (let i = 0; i < 20; i += 1) registerSecret(`secret-number-${i}-${"x".repeat(30)}`);
  const body = `${"lorem ipsum dolor sit amet ".repeat(150)} Authorization: token ${token}`;
  await bench.compare(
    bench("baseline: String.prototype.replaceAll of one secret", () => {
      body.replaceAll(token, "[REDACTED]");
    }),
    bench("redactText", () => {
      redactText(body);
    }),
    { time: 1000 },
  );
});

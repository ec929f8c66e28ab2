import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "@sgkit/emulator";

// What the tests' proxies (the outage proxy, the holding proxy) share: a listener on 127.0.0.1 that the CLI reaches
// as its endpoint, each call forwarded to the emulator in-process (`emulator.fetch`) and its answer sent back. Each
// proxy decides, between these steps, when a call waits and when its connection is cut.

/** A listening {@link startLoopbackListener} server. */
export interface LoopbackListener {
  readonly server: Server;
  readonly port: number;
  /** The listener's URL: give it to the CLI as SRC_ENDPOINT. */
  readonly url: string;
}

/** The emulator's answer to a forwarded call, read whole. */
export interface EmulatorAnswer {
  readonly status: number;
  /** The answer's headers less those of the hop (the length is set again when it is sent). */
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Buffer;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

/** Listens on 127.0.0.1 (a free port) with `handle`; a call whose handling fails has its connection cut. */
export async function startLoopbackListener(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<LoopbackListener> {
  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, url: `http://127.0.0.1:${port}` };
}

/** The request's body, read to its end. */
export async function readBody(request: IncomingMessage): Promise<Buffer<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Forwards the call (`body` read from `request`) to the emulator, with its headers less those of the hop. */
export async function askEmulator(
  emulator: Emulator,
  request: IncomingMessage,
  body: Buffer<ArrayBuffer>,
): Promise<EmulatorAnswer> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (HOP_BY_HOP.has(name) || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const answer = await emulator.fetch(`${emulator.url}${request.url ?? "/"}`, {
    method: request.method ?? "GET",
    headers,
    ...(body.length > 0 ? { body } : {}),
  });
  const bytes = Buffer.from(await answer.arrayBuffer());
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== "content-encoding") out[name] = value;
  });
  return { status: answer.status, headers: out, bytes };
}

/** Sends the emulator's answer as the proxy's. */
export function sendAnswer(response: ServerResponse, answer: EmulatorAnswer): void {
  response.writeHead(answer.status, { ...answer.headers, "content-length": String(answer.bytes.length) });
  response.end(answer.bytes);
}

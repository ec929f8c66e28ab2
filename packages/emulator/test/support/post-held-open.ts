/** What {@link postHeldOpen} saw. */
export interface HeldOpenAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Bytes of body handed to the connection before the answer came. */
  readonly sentBeforeAnswer: number;
  /** Whether the body had ended (it does only once the answer came) when the answer came. */
  readonly endedBeforeAnswer: boolean;
}

const CHUNK = 1024 * 1024;

/**
 * POSTs `bytes` bytes of spaces in 1 MiB chunks and then keeps the body open, ending it only once the answer
 * has come: a server that reads the whole body before answering never answers (the body is released after
 * `guardMs` so the test fails instead of hanging: a hang guard, not a time limit). Spaces are JSON whitespace.
 */
export async function postHeldOpen(
  url: string,
  headers: Record<string, string>,
  bytes: number,
  guardMs = 30_000,
): Promise<HeldOpenAnswer> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const guard = setTimeout(release, guardMs);
  let sent = 0;
  let ended = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(stream) {
      if (sent < bytes) {
        const size = Math.min(CHUNK, bytes - sent);
        stream.enqueue(new Uint8Array(size).fill(0x20));
        sent += size;
        return;
      }
      await held;
      ended = true;
      stream.close();
    },
  });
  const controller = new AbortController();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      // Node's fetch needs this to stream a request body.
      duplex: "half",
      signal: controller.signal,
    } as RequestInit);
    const sentBeforeAnswer = sent;
    const endedBeforeAnswer = ended;
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, sentBeforeAnswer, endedBeforeAnswer };
  } finally {
    clearTimeout(guard);
    release();
    controller.abort();
  }
}

import nock from "nock";
import { afterAll, afterEach, beforeAll } from "vitest";

// nock stands in for a Sourcegraph instance's /.api/graphql. Only files that import this helper use nock; the
// loopback tests (README) live in other files, because nock stalls real loopback calls.

export const ORIGIN = "https://sg.example.com";
export const GRAPHQL_PATH = "/.api/graphql";
export const TOKEN = "sgp_local_0000000000000000000000000000000000000000";

/** What the server received. */
export interface Seen {
  headers: Headers;
  body: { query: string; variables: Record<string, unknown>; operationName?: string };
  raw: string;
}

/** A reply: a status, a body (JSON-encoded unless a string) and headers. */
export type Reply = [status: number, body: unknown, headers?: Record<string, string>];

export const seen: Seen[] = [];

/**
 * Answers every POST to /.api/graphql with `reply` (a function of the request body, or one fixed reply per call,
 * the last one repeated), replacing what an earlier call served.
 */
export function serve(...replies: Array<Reply | ((body: Seen["body"]) => Reply)>): nock.Scope {
  let index = 0;
  nock.cleanAll();
  return nock(ORIGIN)
    .persist()
    .post(GRAPHQL_PATH)
    .reply(async (request: Request) => {
      const raw = await request.text();
      const body = JSON.parse(raw) as Seen["body"];
      seen.push({ headers: request.headers, body, raw });
      const next = replies[Math.min(index++, replies.length - 1)];
      const [status, answer, headers] = typeof next === "function" ? next(body) : (next ?? [500, ""]);
      return [
        status,
        typeof answer === "string" ? answer : JSON.stringify(answer),
        headers ?? { "Content-Type": "application/json" },
      ];
    });
}

/** A 200 `{data}` reply. */
export function data(value: unknown): Reply {
  return [200, { data: value }];
}

/** Sets nock up for the file that calls it. */
export function useGraphQLNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    seen.length = 0;
  });
  afterAll(() => nock.enableNetConnect());
}

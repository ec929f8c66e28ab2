import type { ConnectError } from "@connectrpc/connect";
import { codeToHttpStatus, errorToJson } from "@connectrpc/connect/protocol-connect";
import { type Emulator, type SeedUser, startEmulator } from "@sgkit/emulator";
import { onTestFinished } from "vitest";

/** The access token most tests send: the sample instance's admin, with both scopes of the HTTP API. */
export const TOKEN = "t0ken";
/** A token of the same admin without any scope: every call is `permission_denied`. */
export const NO_SCOPE_TOKEN = "no-scope";

/** The instance a test starts from; {@link sampleEmulator} fills in the rest. */
export interface SampleInstance {
  /** Default: alice (456), bob (457, `Bob@Example.com`) and carol (458). */
  users?: SeedUser[];
  /** Default: 123 and 124. */
  repositories?: number[];
  /** Default: alice can read 123. */
  permissions?: Array<{ repository: number; user: number }>;
  /** The "Explicit Permissions API" license feature. Default true. */
  license?: boolean;
  /** The token values the admin may call with. Default: {@link TOKEN}. */
  tokens?: string[];
}

/**
 * An emulator of the small instance most tests start from (repositories 123 and 124; alice, bob and carol, with
 * every form of name; alice can read 123), called in process through `emulator.fetch`. It is stopped after the
 * test.
 */
export async function sampleEmulator(instance: SampleInstance = {}): Promise<Emulator> {
  const emulator = await startEmulator({
    license: instance.license ?? true,
    seed: {
      users: [
        { id: 1, username: "admin", siteAdmin: true },
        ...(instance.users ?? [
          { id: 456, username: "alice", email: "alice@example.com" },
          { id: 457, username: "bob", email: "Bob@Example.com" },
          { id: 458, username: "carol", email: "carol@example.com" },
        ]),
      ],
      repositories: (instance.repositories ?? [123, 124]).map((id) => ({
        id,
        name: `github.com/acme/r${id}`,
      })),
      tokens: [
        ...(instance.tokens ?? [TOKEN]).map((value, i) => ({
          name: `admin${i}`,
          user: 1,
          scopes: ["externalapi:read", "externalapi:write"],
          value,
        })),
        { name: "noScope", user: 1, scopes: [], value: NO_SCOPE_TOKEN },
      ],
      permissions: instance.permissions ?? [{ repository: 123, user: 456 }],
    },
  });
  onTestFinished(() => emulator.stop());
  return emulator;
}

/** A request as it left the client. */
export interface SentCall {
  /** The procedure, such as `CreateExplicitRepoPermission`. */
  method: string;
  /** The JSON body, parsed; null for a protobuf one. */
  request: unknown;
  /** The `Authorization` header, or null. Test code only: it holds the token. */
  authorization: string | null;
}

/**
 * A failure put between the client and the emulator. `when: "before"` (the default) answers with the error
 * instead of the emulator; `"after"` lets the emulator apply the call and then answers with the error instead of
 * its answer, as when an answer is lost on the way back.
 */
export interface WireFault {
  error: ConnectError;
  when?: "before" | "after";
}

/** How {@link wire} treats each call: its fault, if any, from the call and its number (from 1). */
export type FaultRule = (call: SentCall, index: number) => WireFault | undefined;

/**
 * The emulator's in-process `fetch`, with every request recorded in `calls` and, with `fault`, failures put in
 * its way as Connect errors on the wire (a JSON body and the status of their code).
 */
export function wire(emulator: Emulator, fault?: FaultRule) {
  const calls: SentCall[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const call: SentCall = {
      method: new URL(request.url).pathname.split("/").at(-1) ?? "",
      request:
        request.headers.get("content-type") === "application/json" ? await request.clone().json() : null,
      authorization: request.headers.get("authorization"),
    };
    calls.push(call);
    const injected = fault?.(call, calls.length);
    if (injected && injected.when !== "after") return errorResponse(injected.error);
    const response = await emulator.fetch(request);
    if (!injected) return response;
    await response.body?.cancel();
    return errorResponse(injected.error);
  };
  return { fetch, calls };
}

function errorResponse(error: ConnectError): Response {
  const headers = new Headers(error.metadata);
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(errorToJson(error, undefined)), {
    status: codeToHttpStatus(error.code),
    headers,
  });
}

/** The procedures of `calls`, shortened: `List`, `Get`, `Create`, `Delete`. */
export function methods(calls: readonly SentCall[]): string[] {
  return calls.map((call) =>
    call.method.replace("ExplicitRepoPermissions", "").replace("ExplicitRepoPermission", ""),
  );
}

import type { Emulator } from "../../src/server/start-emulator.js";

/** The answer of a raw HTTP API call: status, headers and the parsed JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/**
 * Calls `explicitrepopermissions.v1.Service/<method>` of an emulator with plain `fetch` and a JSON body, the way
 * the documentation's curl examples do. `token` (default `admin`) names one of the emulator's tokens and is sent
 * as `Authorization: Bearer`; pass `headers` to send something else instead.
 */
export async function callApi(
  emulator: Emulator,
  method: string,
  body: unknown,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const headers = options.headers ?? { Authorization: `Bearer ${emulator.token(options.token ?? "admin")}` };
  const response = await fetch(`${emulator.url}/api/explicitrepopermissions.v1.Service/${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? {} : JSON.parse(text) };
}

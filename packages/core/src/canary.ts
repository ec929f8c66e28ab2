import { inspect } from "node:util";
import { registerSecret } from "./redaction.js";

/**
 * A fresh token in Sourcegraph's `sgp_<16 hex>_<40 hex>` format, unique per call, for tests that prove a token
 * never reaches output. It is registered for redaction like any real token a client is given.
 */
export function createCanaryToken(): string {
  const hex = (length: number) =>
    Array.from(crypto.getRandomValues(new Uint8Array(length / 2)), (byte) =>
      byte.toString(16).padStart(2, "0"),
    ).join("");
  const token = `sgp_${hex(16)}_${hex(40)}`;
  registerSecret(token);
  return token;
}

/**
 * Where `secret` shows up in any of `values`, looking at every way a value gets printed: `String()`, JSON,
 * `util.inspect` with hidden properties, and for errors their message, stack and `cause` chain. Returns a
 * description of the first hit (`values[2] via inspect`), or undefined when the secret appears nowhere.
 */
export function findSecret(secret: string, ...values: unknown[]): string | undefined {
  for (const [index, value] of values.entries()) {
    for (const [view, text] of renderings(value)) {
      if (text.includes(secret)) return `values[${index}] via ${view}`;
    }
  }
  return undefined;
}

function renderings(value: unknown, depth = 0): Array<[string, string]> {
  const views: Array<[string, string]> = [
    ["String", safely(() => String(value))],
    ["JSON", safely(() => JSON.stringify(value) ?? "")],
    ["inspect", inspect(value, { depth: 20, showHidden: true, getters: true })],
  ];
  if (value instanceof Error && depth < 10) {
    views.push(["message", value.message], ["stack", value.stack ?? ""]);
    if (value.cause !== undefined) {
      views.push(
        ...renderings(value.cause, depth + 1).map(([view, text]): [string, string] => [
          `cause.${view}`,
          text,
        ]),
      );
    }
  }
  return views;
}

function safely(render: () => string): string {
  try {
    return render();
  } catch {
    return "";
  }
}

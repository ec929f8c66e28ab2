import { inspect } from "node:util";

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

import { REDACTED, redactText } from "./redact-text.js";

/** A URL safe to show: user info and secrets in the query removed. Unparseable input is redacted as text. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(String(url));
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (/token|secret|key|password|code/i.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return redactText(parsed.toString());
}

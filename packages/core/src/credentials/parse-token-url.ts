import { ConfigurationError } from "../errors/configuration-error.js";
import { isLoopbackHost } from "../http/is-loopback-host.js";
import { redactUrl } from "../redaction/redact-url.js";

/**
 * Parses an OAuth token endpoint URL. A refresh sends the refresh token and client secret in the body, so the
 * endpoint must be HTTPS unless it is on the loopback interface, where plain HTTP never leaves the machine
 * (a local test server).
 *
 * @throws ConfigurationError (setting `tokenUrl`) when the URL does not parse or would send secrets in clear.
 */
export function parseTokenUrl(tokenUrl: string | URL): URL {
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    throw new ConfigurationError(`tokenUrl is not a valid URL: ${redactUrl(tokenUrl)}`, {
      setting: "tokenUrl",
    });
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname))) return url;
  throw new ConfigurationError(
    `tokenUrl must be an https: URL (plain http: only on localhost), got ${redactUrl(url)}`,
    { setting: "tokenUrl" },
  );
}

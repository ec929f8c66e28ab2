import { type LoadConfigOptions, loadConfig, type SourcegraphConfig } from "./load-config.js";
import { createProxyFetch } from "./proxy-fetch.js";

/** A {@link SourcegraphConfig} with the `fetch` to send its requests with. */
export interface NodeSourcegraphConfig extends SourcegraphConfig {
  /** Sends through `proxy` when one is configured, otherwise the global `fetch`. */
  fetch: typeof fetch;
}

/**
 * {@link loadConfig}, plus a `fetch` that honours `SRC_PROXY` (Node only, as proxying needs undici's agents).
 *
 * @throws {ConfigurationError} Naming the setting at fault.
 */
export function loadNodeConfig(options?: LoadConfigOptions): NodeSourcegraphConfig {
  const config = loadConfig(options);
  // Looked up on each call rather than captured, so that a fetch installed or mocked later is used.
  const direct: typeof fetch = (input, init) => globalThis.fetch(input, init);
  // Assigned rather than spread: a spread would drop the non-enumerable `token`.
  return Object.assign(config, {
    fetch: config.proxy === undefined ? direct : createProxyFetch(config.proxy),
  });
}

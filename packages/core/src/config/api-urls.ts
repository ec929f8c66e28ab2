import { normalizeEndpoint } from "./normalize-endpoint.js";

/** The URL of each Sourcegraph API on one instance. */
export interface ApiUrls {
  /** `POST` GraphQL queries here. */
  graphql: string;
  /** `GET` streaming search (server-sent events) here, with `?q=…`. */
  searchStream: string;
  /** The base of the `/api/` HTTP API (Connect services such as `explicitrepopermissions.v1.Service`). */
  httpApi: string;
  /** The OpenAPI schema of the HTTP API. */
  openApi: string;
  /** The Model Context Protocol server. */
  mcp: string;
}

/**
 * The API URLs of the instance at `endpoint`, built on its normalized form so that a path prefix is kept
 * (`https://example.com/sourcegraph/.api/graphql`).
 *
 * @param endpoint The instance URL, normalized by {@link normalizeEndpoint} (errors name the setting `endpoint`).
 * @throws {ConfigurationError} When `endpoint` is not a valid instance URL.
 */
export function apiUrls(endpoint: string): ApiUrls {
  const base = normalizeEndpoint(endpoint, "endpoint");
  return {
    graphql: `${base}/.api/graphql`,
    searchStream: `${base}/.api/search/stream`,
    httpApi: `${base}/api`,
    openApi: `${base}/api/openapi.yaml`,
    mcp: `${base}/.api/mcp`,
  };
}

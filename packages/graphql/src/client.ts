// The client of Sourcegraph's legacy GraphQL API: `createGraphQLClient`, what it takes and returns, how it reads an
// operation (its name, its type, its root fields), which operations it may retry, and how it reads the answer.

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  ConfigurationError,
  type Connection,
  type ConnectionOptions,
  createConnection,
  createSudoCredentials,
  isConnection,
  SourcegraphError,
} from "@sgkit/core";
import { connectionFetch, errorFromResponse, type FailedRequest } from "@sgkit/core/internal";
import { type DocumentNode, Kind, type OperationDefinitionNode, parse, print } from "graphql";
import {
  type GraphQLErrorEntry,
  GraphQLResponseError,
  InvalidArgumentError,
  QUERY_COMPLEXITY_CODE,
  QueryComplexityError,
} from "./errors.js";
import * as permissions from "./permissions.js";
import * as repositories from "./repositories.js";
import * as searchContexts from "./search-contexts.js";
import * as users from "./users.js";
import { VERSION } from "./version.js";

/** The variables of an operation: a JSON object. */
export type Variables = Record<string, unknown>;

/** Per-request options of {@link GraphQLClient.request}. */
export interface RequestOptions {
  /** Aborts the request (and its retries); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Which operation of a document with several to run. */
  operationName?: string;
  /**
   * Overrides the retry decision: by default every query is retried, and a mutation only when all its root fields
   * are idempotent (see `IDEMPOTENT_MUTATIONS`). Set `true` only for a mutation you know is safe to repeat.
   */
  idempotent?: boolean;
}

/**
 * The variables argument of `request`: optional when the operation has no required variable, required otherwise.
 */
export type RequestArguments<TVariables> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` is exactly "no required keys" here.
  {} extends TVariables
    ? [variables?: TVariables, options?: RequestOptions]
    : [variables: TVariables, options?: RequestOptions];

/**
 * What the typed operations need of a client: `request`. `GraphQLClient` is one; a wrapper of your own (a cache,
 * a recorder) can be one too.
 */
export interface GraphQLRequester {
  /** The instance, normalized: `https://sourcegraph.example.com`. */
  readonly endpoint: string;
  /** Where operations are POSTed: `<endpoint>/.api/graphql`. */
  readonly url: string;
  /**
   * Runs one operation and resolves with its `data`. A `TypedDocumentNode` (from graphql-codegen, such as this
   * package's own `…Document` exports) types the variables and the result; with a document given as text, or an
   * untyped `DocumentNode`, name the result type yourself: `request<{ currentUser: { id: string } }>("…")`.
   *
   * @throws {GraphQLResponseError} when the server answered `errors` (with the partial `data`).
   * @throws {QueryComplexityError} when the server refused the operation as too expensive.
   * @throws {AuthenticationError | PermissionDeniedError | RateLimitedError | SourcegraphError} for an HTTP
   *   failure (401, 403, 429 after retries, 5xx), and `NetworkError`, `TimeoutError` when there was no answer.
   */
  request<TResult = Record<string, unknown>, TVariables = Variables>(
    document: TypedDocumentNode<TResult, TVariables> | string,
    ...args: RequestArguments<TVariables>
  ): Promise<TResult>;
}

/** The client's form of a typed operation: the operation without its first argument, the client. */
type Method<F> = F extends (client: GraphQLRequester, ...args: infer A) => infer R
  ? (...args: A) => R
  : never;

/**
 * A client of Sourcegraph's GraphQL API, made by `createGraphQLClient`: `request` for any operation, and a
 * method for each typed operation of this package (see the package README for each one's arguments and errors).
 */
export interface GraphQLClient extends GraphQLRequester {
  /** Replaces a repository's whole explicit ACL (the legacy mutation); unknown bindIDs become pending permissions. */
  setRepositoryPermissionsForUsers: Method<typeof permissions.setRepositoryPermissionsForUsers>;
  /** Marks repositories unrestricted (readable by every user) or not. */
  setRepositoryPermissionsUnrestricted: Method<typeof permissions.setRepositoryPermissionsUnrestricted>;
  /** Sets a repository's sub-repository (path) rules per user. */
  setSubRepositoryPermissionsForUsers: Method<typeof permissions.setSubRepositoryPermissionsForUsers>;
  /** The repositories a user (by username or verified email) may read, page by page. */
  authorizedUserRepositories: Method<typeof permissions.authorizedUserRepositories>;
  /** The users who may read a repository, page by page. */
  repositoryAuthorizedUsers: Method<typeof permissions.repositoryAuthorizedUsers>;
  /** The bindIDs that hold pending permissions (no such user yet). */
  usersWithPendingPermissions: Method<typeof permissions.usersWithPendingPermissions>;
  /** Every repository the viewer can see, page by page. */
  repositories: Method<typeof repositories.repositories>;
  /** Repositories by node ID, batched: a map from each ID to its repository or null. */
  repositoriesByNodeId: Method<typeof repositories.repositoriesByNodeId>;
  /** Repository node IDs by name, batched: a map from each name to its ID or null. */
  repositoryIdsByName: Method<typeof repositories.repositoryIdsByName>;
  /** A search context by node ID, or null when there is none or the viewer cannot see it. */
  searchContextById: Method<typeof searchContexts.searchContextById>;
  /**
   * A search context by spec (`global`, `@user/name`, `@org/name`), or null when there is none or the viewer
   * cannot see it.
   */
  searchContextBySpec: Method<typeof searchContexts.searchContextBySpec>;
  /** The search contexts the viewer can read, page by page. */
  searchContexts: Method<typeof searchContexts.searchContexts>;
  /** Creates a search context. */
  createSearchContext: Method<typeof searchContexts.createSearchContext>;
  /** Updates a search context (the full context and every repository to keep). */
  updateSearchContext: Method<typeof searchContexts.updateSearchContext>;
  /** Deletes a search context. */
  deleteSearchContext: Method<typeof searchContexts.deleteSearchContext>;
  /** The viewer, or null when anonymous. */
  currentUser: Method<typeof users.currentUser>;
  /** A user by username or email, or null. */
  findUser: Method<typeof users.findUser>;
  /** Users by bindID (username or email), batched: a map from each bindID to its user or null. */
  usersByBindId: Method<typeof users.usersByBindId>;
  /** Users by node ID, batched: a map from each ID to its user or null. */
  usersByNodeId: Method<typeof users.usersByNodeId>;
}

/**
 * How a {@link GraphQLClient} reaches the server: the {@link ConnectionOptions} every sgkit client takes, and
 * `sudo`. Operations are POSTed to `<endpoint>/.api/graphql`; a token goes as `Authorization: token <token>`.
 */
export interface GraphQLClientOptions extends ConnectionOptions {
  /**
   * With `token` (a site admin's, scope `site-admin:sudo`): act as this user on every request, with
   * `Authorization: token-sudo user="<sudo>",token="<token>"`. Same as `credentials: createSudoCredentials(…)`.
   */
  sudo?: string;
}

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

/**
 * Creates a client of Sourcegraph's legacy GraphQL API (`POST <endpoint>/.api/graphql`), on `@sgkit/core`'s fetch:
 * `Authorization` from the token or credentials, extra headers and `User-Agent`, a per-attempt timeout,
 * same-origin redirects only, no token over plain HTTP to a non-loopback host, and retries with backoff,
 * `Retry-After` and a shared retry budget for the operations that may be repeated: every query, and only the
 * idempotent mutations (see `IDEMPOTENT_MUTATIONS`).
 *
 * Give it a `Connection` (`createConnection` of `@sgkit/core`) to share one retry budget with other clients.
 *
 * @throws {ConfigurationError} for a bad endpoint, both `token` and `credentials`, `sudo` without `token`, an
 *   `Authorization` header with credentials, or bad retry or timeout options, before anything is sent.
 */
export function createGraphQLClient(options: GraphQLClientOptions | Connection): GraphQLClient {
  const connection = isConnection(options) ? options : createConnection(withSudo(options));
  const { endpoint } = connection;
  const url = connection.urls.graphql;
  const now = connection.options.internal?.now ?? Date.now;
  const sourcegraphFetch = connectionFetch(connection, "graphql", { product: `sgkit-graphql/${VERSION}` });

  async function request(
    document: DocumentNode | string,
    variables?: Variables,
    requestOptions: RequestOptions = {},
  ): Promise<unknown> {
    const { signal } = requestOptions;
    signal?.throwIfAborted();
    const info = operationInfo(document, requestOptions.operationName);
    const body = JSON.stringify({ query: info.query, variables: variables ?? {}, operationName: info.name });
    const response = await sourcegraphFetch(url, {
      method: "POST",
      headers: JSON_HEADERS,
      body,
      idempotent: requestOptions.idempotent ?? isIdempotentOperation(info),
      ...(signal ? { signal } : {}),
    });
    const failed = { method: "POST", url };
    if (!response.ok && response.status !== 400) throw await errorFromResponse(response, failed, { now });
    return readGraphQLResponse(response, failed, info.name, now);
  }

  const requester: GraphQLRequester = { endpoint, url, request: request as GraphQLRequester["request"] };
  const bind =
    <A extends unknown[], R>(operation: (client: GraphQLRequester, ...args: A) => R) =>
    (...args: A): R =>
      operation(requester, ...args);
  return {
    ...requester,
    setRepositoryPermissionsForUsers: bind(permissions.setRepositoryPermissionsForUsers),
    setRepositoryPermissionsUnrestricted: bind(permissions.setRepositoryPermissionsUnrestricted),
    setSubRepositoryPermissionsForUsers: bind(permissions.setSubRepositoryPermissionsForUsers),
    authorizedUserRepositories: bind(permissions.authorizedUserRepositories),
    repositoryAuthorizedUsers: bind(permissions.repositoryAuthorizedUsers),
    usersWithPendingPermissions: bind(permissions.usersWithPendingPermissions),
    repositories: bind(repositories.repositories),
    repositoriesByNodeId: bind(repositories.repositoriesByNodeId),
    repositoryIdsByName: bind(repositories.repositoryIdsByName),
    searchContextById: bind(searchContexts.searchContextById),
    searchContextBySpec: bind(searchContexts.searchContextBySpec),
    searchContexts: bind(searchContexts.searchContexts),
    createSearchContext: bind(searchContexts.createSearchContext),
    updateSearchContext: bind(searchContexts.updateSearchContext),
    deleteSearchContext: bind(searchContexts.deleteSearchContext),
    currentUser: bind(users.currentUser),
    findUser: bind(users.findUser),
    usersByBindId: bind(users.usersByBindId),
    usersByNodeId: bind(users.usersByNodeId),
  };
}

/** `sudo` turns `token` into sudo credentials; it has no meaning without a token of its own. */
function withSudo(options: GraphQLClientOptions): ConnectionOptions {
  const { sudo, token, ...connection } = options;
  if (sudo === undefined) return token === undefined ? connection : { ...connection, token };
  if (token === undefined) {
    throw new ConfigurationError(
      "sudo needs token (a site admin's, with the site-admin:sudo scope); with credentials, use createSudoCredentials.",
      { setting: "sudo" },
    );
  }
  if (connection.credentials !== undefined) {
    throw new ConfigurationError("Give either token or credentials, not both.", { setting: "credentials" });
  }
  return { ...connection, credentials: createSudoCredentials({ token, user: sudo }) };
}

/**
 * The mutations that may be sent again after an attempt whose outcome is unknown (a timeout, a reset, a 502, a
 * 429), because sending them twice leaves the server as sending them once:
 *
 * - `setRepositoryPermissionsForUsers` replaces the repository's whole explicit ACL with the list sent, in one
 *   transaction: a repeat writes the same ACL.
 * - `setRepositoryPermissionsUnrestricted` sets a flag to the value sent: a repeat sets it again.
 *
 * Not listed, so never retried:
 *
 * - `setSubRepositoryPermissionsForUsers`: the documentation does not say whether it replaces a user's rules or
 *   adds to them ("later entries override earlier ones"), nor whether the call is one transaction; until that is
 *   known a repeat is not assumed harmless.
 * - `createSearchContext`: a repeat after a lost answer fails with "already exists" (or, with another name,
 *   creates a second context).
 * - `updateSearchContext`: a rename changes the context's ID (it is keyed by its spec), so a repeat aims at an ID
 *   that no longer exists and fails although the first attempt succeeded.
 * - `deleteSearchContext`: a repeat after a lost answer fails with "not found".
 *
 * `__typename` changes nothing and may accompany any of them.
 */
export const IDEMPOTENT_MUTATIONS: ReadonlySet<string> = new Set([
  "setRepositoryPermissionsForUsers",
  "setRepositoryPermissionsUnrestricted",
]);

/**
 * Whether an operation may be retried by `@sgkit/core`'s retry layer: every query (it changes nothing), and a
 * mutation only when each of its root fields is in {@link IDEMPOTENT_MUTATIONS}. Subscriptions are not sent over
 * this transport; an operation whose root fields are unknown (a fragment at the root) is not retried.
 */
export function isIdempotentOperation(info: Pick<OperationInfo, "type" | "rootFields">): boolean {
  if (info.type === "query") return true;
  if (info.type !== "mutation" || info.rootFields === undefined) return false;
  const fields = info.rootFields.filter((field) => field !== "__typename");
  return fields.length > 0 && fields.every((field) => IDEMPOTENT_MUTATIONS.has(field));
}

/** What the client needs to know of a document to send it and to decide whether it may be retried. */
export interface OperationInfo {
  /** The document's text, as sent in `query`. */
  query: string;
  /** The chosen operation's name; undefined for an anonymous operation. */
  name: string | undefined;
  type: "query" | "mutation" | "subscription";
  /**
   * The root fields the operation selects (`setRepositoryPermissionsForUsers`, …), or undefined when it selects
   * through a fragment at the root, which the retry decision then treats as unknown.
   */
  rootFields: readonly string[] | undefined;
}

/** The descriptions of parsed documents, per operation name; they go with their document. */
const byDocument = new WeakMap<DocumentNode, Map<string, OperationInfo>>();
/**
 * The descriptions of documents given as text, by text. Only the newest {@link MAX_TEXT_ENTRIES} are kept, so that
 * a caller that sends a new text each time (keys written into the query) cannot grow it without end.
 */
const byText = new Map<string, Map<string, OperationInfo>>();
const MAX_TEXT_ENTRIES = 64;

/**
 * Describes the operation of `document` that will run: the one named `operationName`, or the document's only
 * operation. A document is parsed once; later calls with it return the same description.
 *
 * @throws {InvalidArgumentError} when the text does not parse, the document has no operation, or it has several
 *   and `operationName` does not pick one.
 */
export function operationInfo(document: DocumentNode | string, operationName?: string): OperationInfo {
  const key = operationName ?? "";
  let cache: Map<string, OperationInfo> | undefined;
  if (typeof document === "string") {
    cache = byText.get(document);
    if (!cache) {
      if (byText.size >= MAX_TEXT_ENTRIES) byText.delete(byText.keys().next().value as string);
      cache = new Map();
      byText.set(document, cache);
    }
  } else {
    cache = byDocument.get(document);
    if (!cache) {
      cache = new Map();
      byDocument.set(document, cache);
    }
  }
  const cached = cache.get(key);
  if (cached) return cached;
  const info = describe(document, operationName);
  cache.set(key, info);
  return info;
}

function describe(document: DocumentNode | string, operationName: string | undefined): OperationInfo {
  let ast: DocumentNode;
  if (typeof document === "string") {
    try {
      ast = parse(document, { noLocation: true });
    } catch (error) {
      throw new InvalidArgumentError(`The GraphQL document does not parse: ${(error as Error).message}`, {
        argument: "document",
      });
    }
  } else {
    ast = document;
  }
  const operations = ast.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    operationName === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((candidate) => candidate.name?.value === operationName);
  if (!operation) {
    const names = operations.map((candidate) => candidate.name?.value ?? "(anonymous)").join(", ");
    throw new InvalidArgumentError(
      operationName === undefined
        ? `The GraphQL document holds ${operations.length} operations (${names || "none"}); pass operationName to choose one.`
        : `The GraphQL document has no operation named ${JSON.stringify(operationName)} (it has: ${names || "none"}).`,
      { argument: "operationName" },
    );
  }
  const selections = operation.selectionSet.selections;
  const rootFields = selections.every((selection) => selection.kind === Kind.FIELD)
    ? selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : ""))
    : undefined;
  return {
    query: typeof document === "string" ? document : print(document),
    name: operation.name?.value,
    type: operation.operation as OperationInfo["type"],
    rootFields,
  };
}

/**
 * Reads the answer to a GraphQL POST that came back 200 or 400: `data` when there are no `errors`, otherwise a
 * {@link GraphQLResponseError} (a {@link QueryComplexityError} for `ErrQueryComplexityLimitExceeded`). A 400
 * whose body is not a GraphQL response becomes `@sgkit/core`'s HTTP error; a 200 that is not one is an
 * `internal` error.
 */
export async function readGraphQLResponse(
  response: Response,
  request: FailedRequest,
  operationName: string | undefined,
  now: () => number,
): Promise<unknown> {
  const copy = response.status === 400 ? response.clone() : undefined;
  const text = await response.text();
  const payload = parsePayload(text);
  const label = operationName ?? "GraphQL operation";
  const responseInfo = { status: response.status, headers: response.headers };
  if (payload === undefined || (response.status === 400 && payload.errors === undefined)) {
    if (copy) throw await errorFromResponse(copy, request, { now });
    throw new SourcegraphError(
      `${label}: ${request.method} ${request.url} answered HTTP ${response.status} with a body that is not a GraphQL response.`,
      { code: "internal", isRetryable: false, request, response: { ...responseInfo, body: text } },
    );
  }
  if (payload.errors !== undefined) {
    const errors = payload.errors;
    const first = errors[0];
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
    const at = first?.path?.length ? ` at ${first.path.join(".")}` : "";
    const options = {
      errors,
      data: payload.data,
      request,
      response: responseInfo,
      ...(operationName === undefined ? {} : { operationName }),
    };
    if (errors.some((error) => error.extensions?.code === QUERY_COMPLEXITY_CODE)) {
      throw new QueryComplexityError(
        `${label} was refused as too complex: ${first?.message ?? ""}${more}. Ask for less per request.`,
        { ...options, status: response.status },
      );
    }
    const code = response.status === 400 ? ("invalid_argument" as const) : ("unknown" as const);
    throw new GraphQLResponseError(`${label} failed${at}: ${first?.message ?? "(no message)"}${more}`, {
      ...options,
      code,
    });
  }
  if (payload.data === null || payload.data === undefined) {
    throw new SourcegraphError(`${label} answered neither data nor errors.`, {
      code: "internal",
      isRetryable: false,
      request,
      response: responseInfo,
    });
  }
  return payload.data;
}

interface Payload {
  data?: Record<string, unknown> | null;
  /** Present and non-empty, or absent. */
  errors?: GraphQLErrorEntry[];
}

/** The body as a GraphQL response, normalized; undefined when it is not one. */
function parsePayload(text: string): Payload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const { data, errors } = parsed as { data?: unknown; errors?: unknown };
  if (!("data" in parsed) && !("errors" in parsed)) return undefined;
  const payload: Payload = {};
  if (typeof data === "object" && !Array.isArray(data)) payload.data = data as Payload["data"];
  if (Array.isArray(errors) && errors.length > 0) payload.errors = errors.map(toEntry);
  else if (errors !== undefined && errors !== null && !Array.isArray(errors))
    payload.errors = [toEntry(errors)];
  return payload;
}

function toEntry(value: unknown): GraphQLErrorEntry {
  if (typeof value !== "object" || value === null) return { message: String(value) };
  const raw = value as Record<string, unknown>;
  const entry: GraphQLErrorEntry = {
    message: typeof raw.message === "string" ? raw.message : JSON.stringify(raw.message ?? null),
  };
  if (Array.isArray(raw.path)) {
    entry.path = raw.path.filter(
      (part): part is string | number => typeof part === "string" || typeof part === "number",
    );
  }
  if (Array.isArray(raw.locations)) entry.locations = raw.locations as GraphQLErrorEntry["locations"];
  if (typeof raw.extensions === "object" && raw.extensions !== null) {
    entry.extensions = raw.extensions as GraphQLErrorEntry["extensions"];
  }
  return entry;
}

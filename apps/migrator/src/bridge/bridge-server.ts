import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { gunzipSync } from "node:zlib";
import { AuthenticationError, PermissionDeniedError } from "@sgkit/core";
import { redactText } from "@sgkit/core/internal";
import type { GraphQLClient } from "@sgkit/graphql";
import { LicenseRequiredError, NotFoundError, type PermissionsClient } from "@sgkit/permissions";
import { type Journal, type JournalInternals, openJournal } from "../apply/journal-file.js";
import {
  type LegacyField,
  LegacyRequestError,
  type ParsedLegacyRequest,
  parseLegacyRequest,
} from "../legacy/legacy-request.js";
import { MigratorError } from "../migrator-error.js";
import { OutageError, type Resilience } from "../resilience.js";
import { type BindIdMode, resolveUsers } from "../resolve/users.js";
import { type CallerCheck, type CallerVerdict, createCallerCheck } from "./caller-check.js";
import {
  type ConvergeContext,
  type ConvergeResult,
  convergeRepository,
  grantUsers,
} from "./converge-repository.js";
import { forwardRequest } from "./forward.js";
import {
  FEATURE_NOT_ACTIVATED,
  type GraphQLErrorBody,
  legacyAnswer,
  MUST_BE_SITE_ADMIN,
  NOT_AUTHENTICATED,
  repositoryIdOf,
} from "./legacy-answers.js";
import {
  openPendingPermissions,
  type PendingPermissions,
  type PendingRepository,
  readPendingFile,
} from "./pending-permissions.js";
import { createRepositoryQueues } from "./repository-queues.js";

// `sgkit-migrate bridge`: the legacy GraphQL endpoint in front of an instance, so that an integration that sends
// `setRepositoryPermissionsForUsers` moves to the HTTP API by changing one URL. Each such call becomes the fewest
// Create/Delete calls (see `converge-repository.ts`), made with the bridge's own token once the caller has been
// checked as a site admin with its own; everything else goes to the instance as it came (see `forward.ts`).

/** A request body larger than this is refused (413): a legacy ACL of 100 000 users is a few MB. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** How {@link startBridge} runs. */
export interface BridgeOptions {
  /** Where to listen: a host (default 127.0.0.1) and a port (0: any free one). */
  readonly host: string;
  readonly port: number;
  /** The instance's URL, without a trailing slash. */
  readonly endpoint: string;
  /** The HTTP API client with the bridge's own token: every write goes through it. */
  readonly permissions: PermissionsClient;
  /** The GraphQL client with the bridge's own token: bindIDs are resolved through it. */
  readonly graphql: GraphQLClient;
  /** The run's call slots and retries, which both clients' requests already ride. */
  readonly resilience: Resilience;
  /** How bindIDs name users (the instance's `permissions.userMapping.bindID`). */
  readonly bindId: BindIdMode;
  /** The journal of every write (a new file; never overwritten). Unused with `dryRun`. */
  readonly journalPath: string;
  /** The pending file (NDJSON, appended to; removed at close when empty). Unused with `dryRun`. */
  readonly pendingPath: string;
  /** Answer success and log what would be written, writing nothing: no write, journal or pending file. */
  readonly dryRun: boolean;
  /** Receives one JSON line per call (no newline), for stderr. */
  readonly log: (line: string) => void;
  /** The fetch to the instance for caller checks and forwarded requests. Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * Headers an auth proxy in front of the instance needs (`SRC_HEADER_*`): sent with every caller check, and with
   * forwarded requests that lack them. An Authorization header among them is never sent.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long a caller's verdict is remembered. Default 60 s. */
  readonly callerCacheMs?: number;
  readonly now?: () => number;
  /** Test seams, outside semver. */
  readonly internal?: { readonly journal?: JournalInternals };
}

/** What the bridge has done so far: `/healthz`'s body and the shutdown report. */
export interface BridgeStatus {
  readonly status: "ok" | "stopping";
  readonly dryRun: boolean;
  /** Permission calls received (one per field of a request). */
  readonly calls: number;
  readonly converged: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly conflicts: number;
  /** Calls refused because the caller is not a site admin (or the instance refused its token). */
  readonly refused: number;
  /** Requests passed to the instance as they came. */
  readonly forwarded: number;
  /** Creates and deletes made (or, dry, that would be). */
  readonly creates: number;
  readonly deletes: number;
  /** Permission calls queued or running. */
  readonly inFlight: number;
  /** The call slots' current limit. */
  readonly concurrencyLimit: number;
  /** Grants to bindIDs no user has yet, by repository: applied when a later call names them and the user exists. */
  readonly pending: readonly { readonly repository: string; readonly bindIDs: readonly string[] }[];
  readonly journal?: string;
  readonly pendingFile?: string;
}

/** What the shutdown reports. */
export interface BridgeReport extends BridgeStatus {
  readonly durationMs: number;
  /** Set when the bridge stopped because it gave up on the instance (no call succeeded for --max-outage). */
  readonly gaveUp?: string;
}

/** A running bridge. */
export interface Bridge {
  /** `http://host:port`, the base URL to give integrations (they call `${url}/.api/graphql`). */
  readonly url: string;
  status(): BridgeStatus;
  /**
   * Resolves when the bridge must stop on its own: it gave up on the instance (the resilience's `--max-outage`),
   * after which every write would fail. The command then calls `close`.
   */
  readonly failed: Promise<OutageError>;
  /**
   * Stops accepting (new requests on open connections are answered 503), lets every call received finish its
   * repository, records the stop in the journal (its `finished` entry: nothing more is written, so `rollback` may
   * undo it), flushes the journal and the pending file, and resolves with the report.
   */
  close(): Promise<BridgeReport>;
}

/** What one permission call ended with, for its answer. */
type FieldAnswer = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Starts the bridge: opens its journal and pending file (unless `dryRun`), then listens. Resolves once it is
 * listening.
 *
 * @throws {MigratorError} when the journal exists already, a file cannot be opened, or the address is taken.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const now = options.now ?? Date.now;
  const started = now();
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const proxyHeaders = Object.fromEntries(
    Object.entries(options.headers ?? {}).filter(([name]) => name.toLowerCase() !== "authorization"),
  );
  const runId = `bridge-${new Date(started).toISOString()}-${randomBytes(6).toString("hex")}`;
  const journal: Journal | undefined = options.dryRun
    ? undefined
    : await openJournal(
        options.journalPath,
        // Who writes it: `rollback` refuses the journal of a bridge still running (this pid on this host).
        { planId: runId, command: "bridge", endpoint: options.endpoint, pid: process.pid, host: hostname() },
        { resume: false, ...(options.internal?.journal ? { internal: options.internal.journal } : {}) },
      );
  let pending: PendingPermissions;
  try {
    pending = await openPendingPermissions(options.pendingPath, options.dryRun, {
      anyCase: options.bindId === "username",
    });
  } catch (error) {
    await journal?.close();
    throw error;
  }
  try {
    await restorePending(pending, options);
  } catch (error) {
    await journal?.close();
    await pending.close();
    throw error;
  }
  const callers: CallerCheck = createCallerCheck({
    endpoint: options.endpoint,
    // The check rides through faults as every call of the run does.
    fetch: options.resilience.wrap(fetchFn),
    headers: proxyHeaders,
    ...(options.callerCacheMs === undefined ? {} : { ttlMs: options.callerCacheMs }),
    now,
  });
  const queues = createRepositoryQueues();
  const converge: ConvergeContext = {
    permissions: options.permissions,
    resilience: options.resilience,
    journal,
    dryRun: options.dryRun,
  };
  const counts = {
    calls: 0,
    converged: 0,
    unchanged: 0,
    failed: 0,
    conflicts: 0,
    refused: 0,
    forwarded: 0,
    creates: 0,
    deletes: 0,
  };
  let closing = false;
  /** Permission requests received, numbered in arrival order for the log. */
  let requests = 0;
  const handlers = new Set<Promise<void>>();
  let reportFailure: (error: OutageError) => void = () => {};
  const failed = new Promise<OutageError>((resolve) => {
    reportFailure = resolve;
  });

  const log = (fields: Record<string, unknown>): void => {
    options.log(redactText(JSON.stringify({ at: new Date(now()).toISOString(), ...fields })));
  };

  const status = (): BridgeStatus => ({
    status: closing ? "stopping" : "ok",
    dryRun: options.dryRun,
    ...counts,
    inFlight: queues.size,
    concurrencyLimit: options.resilience.slots.limit,
    pending: pending.list().map((entry) => ({ repository: entry.node, bindIDs: entry.bindIds })),
    ...(journal ? { journal: options.journalPath, pendingFile: options.pendingPath } : {}),
  });

  /** The answer's message for an error of a permission call. */
  const messageOf = (error: unknown, field: Extract<LegacyField, { kind: "set-permissions" }>): string => {
    if (error instanceof OutageError) {
      reportFailure(error);
      return `the sgkit bridge gave up on the instance: ${error.message}; this call was not applied`;
    }
    if (error instanceof LicenseRequiredError) return FEATURE_NOT_ACTIVATED;
    if (error instanceof NotFoundError)
      return `repository: repository ${JSON.stringify(field.repository)} not found`;
    if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
      return `the instance refused the sgkit bridge's own token (${error.message}): this call was stopped, its repository perhaps partly written; fix the bridge's token and send the call again`;
    }
    return error instanceof Error ? error.message : String(error);
  };

  /** Records a call's outcome in the counts. */
  const count = (result: ConvergeResult): void => {
    counts.creates += result.creates;
    counts.deletes += result.deletes;
    if (result.outcome === "converged" || result.outcome === "dry-run") counts.converged += 1;
    else if (result.outcome === "unchanged") counts.unchanged += 1;
    else if (result.outcome === "failed") counts.failed += 1;
    else counts.conflicts += 1;
  };

  /** A bindID as pending grants and calls meet: usernames in any case (as the instance compares them), emails as is. */
  const bindIdKey = (bindId: string): string =>
    options.bindId === "username" ? bindId.toLowerCase() : bindId;

  /**
   * Grants the pending bindIDs of `waiting` whose users now exist (`idByKey`: their ids by {@link bindIdKey}):
   * creates only, in that repository's order.
   */
  const grantPending = (waiting: PendingRepository, idByKey: ReadonlyMap<string, number>): void => {
    const users = waiting.bindIds.flatMap((bindId) => {
      const id = idByKey.get(bindIdKey(bindId));
      return id === undefined ? [] : [id];
    });
    if (users.length === 0) return;
    void queues.enqueue(waiting.repository, async () => {
      const begun = now();
      try {
        const result = await grantUsers(converge, waiting.repository, users);
        count(result);
        if (result.outcome !== "failed" && result.outcome !== "conflict") {
          pending.granted(waiting.repository, waiting.bindIds);
        }
        log({
          event: "pending-granted",
          repository: waiting.node,
          repositoryId: waiting.repository,
          creates: result.creates,
          deletes: 0,
          durationMs: now() - begun,
          outcome: result.outcome,
          ...(result.problem ? { error: result.problem } : {}),
          ...(result.wouldWrite ? { wouldCreate: result.wouldWrite.create.map(userName) } : {}),
        });
      } catch (error) {
        counts.failed += 1;
        log({
          event: "pending-granted",
          repository: waiting.node,
          repositoryId: waiting.repository,
          creates: 0,
          deletes: 0,
          durationMs: now() - begun,
          outcome: "failed",
          error: error instanceof Error ? error.message : String(error),
        });
      }
    });
  };

  /** One `setRepositoryPermissionsForUsers`, queued on its repository at once (its place is its arrival). */
  const permissionCall = (
    call: number,
    field: Extract<LegacyField, { kind: "set-permissions" }>,
    verdict: Promise<CallerVerdict | undefined>,
  ): Promise<FieldAnswer> => {
    counts.calls += 1;
    const named = repositoryIdOf(field.repository);
    if ("message" in named) {
      return verdict.then((caller) => {
        if (caller?.kind === "site-admin") {
          log({
            event: "call",
            call,
            field: field.responseKey,
            repository: field.repository,
            creates: 0,
            deletes: 0,
            durationMs: 0,
            outcome: "invalid",
            error: named.message,
          });
        }
        return { ok: false, message: named.message };
      });
    }
    const repository = named.id;
    return queues.enqueue(repository, async (): Promise<FieldAnswer> => {
      const caller = await verdict;
      // Refused callers are answered by the request; nothing of theirs is read or written.
      if (caller?.kind !== "site-admin") return { ok: true };
      const begun = now();
      let unknown: string[] = [];
      try {
        const ids = await resolveUsers(options.graphql, field.bindIDs, options.bindId);
        const desired = new Set<number>();
        for (const id of ids.values()) if (id !== null) desired.add(id);
        unknown = [...ids].filter(([, id]) => id === null).map(([bindId]) => bindId);
        const result = await convergeRepository(converge, repository, desired);
        count(result);
        if (result.outcome !== "failed") {
          await pending.replace(repository, field.repository, field.bindIDs, unknown);
          const known = [...ids].filter(([, id]) => id !== null).map(([bindId]) => bindId);
          const waiting = pending.waitingFor(known).filter((entry) => entry.repository !== repository);
          if (waiting.length > 0) {
            // The call named them as it wrote them, maybe in another case than the pending grants.
            const idByKey = new Map<string, number>();
            for (const [bindId, id] of ids) if (id !== null) idByKey.set(bindIdKey(bindId), id);
            for (const entry of waiting) grantPending(entry, idByKey);
          }
        }
        log({
          event: "call",
          call,
          field: field.responseKey,
          repository: field.repository,
          repositoryId: repository,
          users: desired.size,
          creates: result.creates,
          deletes: result.deletes,
          pending: unknown.length,
          durationMs: now() - begun,
          outcome: result.outcome,
          ...(result.problem ? { error: result.problem } : {}),
          ...(result.wouldWrite
            ? {
                wouldCreate: result.wouldWrite.create.map(userName),
                wouldDelete: result.wouldWrite.delete.map(userName),
              }
            : {}),
        });
        if (result.problem !== undefined) {
          return {
            ok: false,
            message: `repository ${JSON.stringify(field.repository)}: ${result.problem}; send the call again`,
          };
        }
        return { ok: true };
      } catch (error) {
        counts.failed += 1;
        const message = messageOf(error, field);
        log({
          event: "call",
          call,
          field: field.responseKey,
          repository: field.repository,
          repositoryId: repository,
          creates: 0,
          deletes: 0,
          pending: unknown.length,
          durationMs: now() - begun,
          outcome: "failed",
          error: message,
        });
        return { ok: false, message };
      }
    });
  };

  /** The permission fields of one request: checked caller, queued calls, one answer once all are converged. */
  const permissionRequest = async (
    request: IncomingMessage,
    response: ServerResponse,
    fields: Extract<LegacyField, { kind: "set-permissions" }>[],
  ): Promise<void> => {
    requests += 1;
    const call = requests;
    const header = request.headers.authorization;
    const checked = callers.check(header);
    const verdict = checked.catch(() => undefined);
    const answers = fields.map((field) => permissionCall(call, field, verdict));
    let caller: CallerVerdict;
    try {
      caller = await checked;
    } catch (error) {
      await Promise.all(answers);
      counts.refused += fields.length;
      const message = `the sgkit bridge could not check the caller with the instance: ${error instanceof Error ? error.message : String(error)}`;
      if (error instanceof OutageError) reportFailure(error);
      log({ event: "call", call, creates: 0, deletes: 0, durationMs: 0, outcome: "refused", error: message });
      refuseEach(response, fields, message);
      return;
    }
    if (caller.kind !== "site-admin") {
      await Promise.all(answers);
      counts.refused += fields.length;
      log({
        event: "call",
        call,
        fields: fields.map((field) => field.responseKey),
        creates: 0,
        deletes: 0,
        durationMs: 0,
        outcome: "refused",
        caller: caller.kind,
      });
      if (caller.kind === "refused") {
        // The instance's own answer to the caller's header (401 `Invalid access token.`), as it would have given it.
        response.writeHead(caller.status, {
          "content-type": caller.contentType,
          ...(closing ? { connection: "close" } : {}),
        });
        response.end(caller.body);
        return;
      }
      const message = caller.kind === "anonymous" ? NOT_AUTHENTICATED : MUST_BE_SITE_ADMIN;
      refuseEach(response, fields, message);
      return;
    }
    const results = await Promise.all(answers);
    const errors: GraphQLErrorBody[] = results.flatMap((result, index) =>
      result.ok ? [] : [{ message: result.message, path: [(fields[index] as LegacyField).responseKey] }],
    );
    sendAnswer(
      response,
      legacyAnswer(
        fields.map((field) => field.responseKey),
        errors,
      ),
    );
  };

  /** Answers a request whose every field gets the same error (a refused caller, a refused document). */
  const refuseEach = (
    response: ServerResponse,
    fields: readonly { readonly responseKey: string }[],
    message: string,
  ): void => {
    sendAnswer(
      response,
      legacyAnswer(
        [],
        fields.map((field) => ({ message, path: [field.responseKey] })),
      ),
    );
  };

  const sendAnswer = (response: ServerResponse, body: string, status = 200): void => {
    response.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      ...(closing ? { connection: "close" } : {}),
    });
    response.end(body);
  };

  const forward = async (request: IncomingMessage, response: ServerResponse, body: Buffer, what: string) => {
    const begun = now();
    counts.forwarded += 1;
    try {
      const answered = await forwardRequest(options.endpoint, fetchFn, request, body, response, proxyHeaders);
      log({
        event: "forward",
        operation: what,
        status: answered,
        durationMs: now() - begun,
        outcome: "forwarded",
      });
    } catch (error) {
      // Redacted as the log line is: the answer goes back to a caller, and a fetch error may quote a URL's userinfo.
      const message = redactText(
        `the sgkit bridge could not reach the instance: ${error instanceof Error ? error.message : String(error)}`,
      );
      log({
        event: "forward",
        operation: what,
        durationMs: now() - begun,
        outcome: "failed",
        error: message,
      });
      if (!response.headersSent) sendAnswer(response, JSON.stringify({ errors: [{ message }] }), 502);
      else response.destroy();
    }
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://bridge.invalid");
    if (url.pathname === "/healthz" && (request.method === "GET" || request.method === "HEAD")) {
      sendAnswer(response, JSON.stringify(status()), closing ? 503 : 200);
      return;
    }
    if (closing) {
      sendAnswer(
        response,
        JSON.stringify({ errors: [{ message: "the sgkit bridge is shutting down" }] }),
        503,
      );
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      // The rest of the body is not read: the connection cannot carry another request.
      response.setHeader("connection", "close");
      sendAnswer(response, JSON.stringify({ errors: [{ message: "request body too large" }] }), 413);
      return;
    }
    if (request.method !== "POST" || url.pathname !== "/.api/graphql") {
      await forward(request, response, body, `${request.method} ${url.pathname}`);
      return;
    }
    const legacy = readLegacyRequest(body, request.headers["content-encoding"]);
    // Not a GraphQL request the bridge can read (not JSON, a batch): the instance answers it in its own words.
    if (legacy === undefined) {
      await forward(request, response, body, "graphql");
      return;
    }
    let parsed: ParsedLegacyRequest;
    try {
      parsed = parseLegacyRequest(legacy);
    } catch (error) {
      if (!(error instanceof LegacyRequestError)) throw error;
      log({ event: "call", creates: 0, deletes: 0, durationMs: 0, outcome: "invalid", error: error.message });
      sendAnswer(response, JSON.stringify({ errors: error.graphqlErrors }));
      return;
    }
    const permissionFields = parsed.fields.filter(
      (field): field is Extract<LegacyField, { kind: "set-permissions" }> => field.kind === "set-permissions",
    );
    if (permissionFields.length === 0) {
      const first = parsed.fields[0];
      const operation = parsed.operationName ?? (first && "field" in first ? first.field : parsed.operation);
      await forward(request, response, body, operation);
      return;
    }
    const others = parsed.fields.filter(
      (field): field is Exclude<LegacyField, { kind: "set-permissions" }> => field.kind !== "set-permissions",
    );
    if (others.length > 0) {
      // Half a document applied here and half by the instance could not be one answer, nor undone as one: refused.
      const names = others.map((field) => field.field);
      const message = `the sgkit bridge applies setRepositoryPermissionsForUsers itself and forwards other operations: send ${names.join(", ")} in a request of its own (this request was not run)`;
      log({ event: "call", creates: 0, deletes: 0, durationMs: 0, outcome: "invalid", error: message });
      refuseEach(response, others, message);
      return;
    }
    await permissionRequest(request, response, permissionFields);
  }

  const server = createServer((request, response) => {
    const handled = handle(request, response)
      .catch((error: unknown) => {
        log({
          event: "error",
          outcome: "failed",
          error: error instanceof Error ? error.message : String(error),
        });
        if (!response.headersSent) {
          sendAnswer(
            response,
            JSON.stringify({ errors: [{ message: "internal error of the sgkit bridge" }] }),
            500,
          );
        } else response.destroy();
      })
      .finally(() => handlers.delete(handled));
    handlers.add(handled);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await journal?.close();
    await pending.close();
    throw new MigratorError(
      `cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closed: Promise<BridgeReport> | undefined;
  let gaveUp: OutageError | undefined;
  void failed.then((error) => {
    gaveUp = error;
  });

  return {
    url: `http://${host}:${address.port}`,
    status,
    failed,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests received finish (their calls queued), then whatever they queued (pending grants).
        while (handlers.size > 0 || queues.size > 0) {
          await Promise.allSettled([...handlers]);
          await queues.idle();
        }
        server.closeIdleConnections();
        // The stop marker: the bridge writes nothing more, so `rollback` may undo what this journal records.
        await journal
          ?.append([{ type: "finished", at: new Date(now()).toISOString() }])
          .catch((error: unknown) =>
            log({
              event: "journal",
              outcome: "failed",
              error: `the stop was not recorded in the journal: ${error instanceof Error ? error.message : String(error)}`,
            }),
          );
        await journal?.close();
        await pending.close();
        server.closeAllConnections();
        await stopped;
        return {
          ...status(),
          durationMs: now() - started,
          ...(gaveUp ? { gaveUp: gaveUp.message } : {}),
        };
      })();
      return closed;
    },
  };
}

/**
 * Restores the grants an earlier bridge left pending (its pending file, the last line per repository) whose users
 * still do not exist, so that a restart keeps them. A user created while no bridge ran is not told from one granted
 * and then revoked by someone else, so such a grant is not restored: apply the pending file for those.
 */
async function restorePending(pending: PendingPermissions, options: BridgeOptions): Promise<void> {
  const recorded = await readPendingFile(options.pendingPath);
  if (recorded.length === 0) return;
  const bindIds = new Set(recorded.flatMap((record) => record.users));
  const ids = await options.resilience.within({ attempts: 0, stopped: false }, () =>
    resolveUsers(options.graphql, bindIds, options.bindId),
  );
  let restored = 0;
  for (const record of recorded) {
    const named = repositoryIdOf(record.node);
    if ("message" in named) continue;
    const unknown = [...new Set(record.users)].filter((bindId) => ids.get(bindId) === null);
    pending.restore(named.id, record.node, unknown);
    restored += unknown.length;
  }
  if (restored > 0) {
    options.log(
      JSON.stringify({
        event: "pending-restored",
        file: options.pendingPath,
        bindIDs: restored,
        outcome: "restored",
      }),
    );
  }
}

/** A user as the HTTP API names it, for the dry run's log. */
function userName(id: number): string {
  return `users/${id}`;
}

/** The body, or undefined when it is larger than {@link MAX_BODY_BYTES}. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The body as a legacy request object (gzip bodies accepted, as the server accepts them), else undefined. */
function readLegacyRequest(
  body: Buffer,
  encoding: string | undefined,
): { query: string; variables?: Record<string, unknown> | null; operationName?: string | null } | undefined {
  try {
    const text = (encoding?.toLowerCase() === "gzip" ? gunzipSync(body) : body).toString("utf8");
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    if (typeof (value as { query?: unknown }).query !== "string") return undefined;
    return value as { query: string };
  } catch {
    return undefined;
  }
}

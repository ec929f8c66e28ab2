import type { ServerResponse } from "node:http";
import { fromBinary } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createConnectRouter,
  createContextValues,
  type Interceptor,
} from "@connectrpc/connect";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { codeToHttpStatus, errorToJson } from "@connectrpc/connect/protocol-connect";
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse,
} from "@connectrpc/connect-node";
import { capacityInterceptor } from "../capacity.js";
import { faultInterceptor, nodeRequestKey } from "../fault-answers.js";
import {
  closeAfterAnswer,
  REQUEST_BODY_LIMIT,
  RequestBodyError,
  readRequestBody,
} from "../server/request-body.js";
import { type ApiHandlerOptions, asyncHandler, type NodeHandler, notFound } from "../server/router.js";
import type { CallCounters } from "../state/call-counters.js";
import { permissionsRoutes } from "./service.js";

/** The path prefix of the HTTP API. */
const PREFIX = "/api";

/**
 * The Node handler of the `/api/` HTTP API: `explicitrepopermissions.v1.Service` served over Connect at
 * `/api/explicitrepopermissions.v1.Service/<Method>`, answering JSON with the proto (snake_case) field names and
 * with default values emitted (an empty `next_page_token` and list are present), as the documentation shows, and
 * reading JSON in either name style or binary protobuf.
 *
 * It is Connect's Node adapter (`connectNodeAdapter`) with the body read first by the emulator, as GraphQL's is:
 * at most 10 MiB sent and 10 MiB decompressed (gzip or br); past that `resource_exhausted` (what a Connect
 * server's `readMaxBytes` answers, HTTP 429) at once, and the connection is closed so the rest is never read. A
 * binary (`application/proto`) body that does not decode is `invalid_argument` (400), as connect-go answers,
 * rather than connect-es's `internal` (500, which clients retry).
 *
 * Interceptors, outermost first: call counting, fault injection, the capacity model; the method itself then
 * authorizes the call. An unknown procedure under `/api/` is the router's plain 404.
 */
export function createPermissionsApiHandler(options: ApiHandlerOptions): NodeHandler {
  const interceptors: Interceptor[] = [countingInterceptor(options.state.counters)];
  if (options.faults) interceptors.push(faultInterceptor(options.faults, options.signal));
  if (options.capacity) interceptors.push(capacityInterceptor(options.capacity));
  const router = createConnectRouter({
    interceptors,
    // Default values too (`"next_page_token": ""`, `[]`, `{}` for Delete), as the documentation's answers show.
    jsonOptions: { useProtoFieldName: true, alwaysEmitImplicit: true },
    readMaxBytes: REQUEST_BODY_LIMIT,
    acceptCompression: [compressionGzip, compressionBrotli],
  });
  permissionsRoutes(options.state)(router);
  const handlers = new Map(router.handlers.map((handler) => [PREFIX + handler.requestPath, handler]));

  return asyncHandler(async (request, response) => {
    const handler = handlers.get((request.url ?? "").split("?", 1)[0] ?? "");
    if (!handler) {
      notFound(request, response);
      return;
    }
    const universal = universalRequestFromNodeRequest(
      request,
      response,
      undefined,
      createContextValues().set(nodeRequestKey, request),
    );
    if (request.method !== "POST") {
      // Connect answers anything else without a body (405).
      await universalResponseToNodeResponse(await handler(universal), response);
      return;
    }
    const sent = (request.headers["content-encoding"] ?? "").trim().toLowerCase();
    const encoding = sent === "gzip" || sent === "br" ? sent : undefined;
    let body: Buffer;
    try {
      body = await readRequestBody(request, { limit: REQUEST_BODY_LIMIT, encoding });
    } catch (error) {
      if (!(error instanceof RequestBodyError)) throw error;
      const code = error.status === 413 ? Code.ResourceExhausted : Code.InvalidArgument;
      connectError(response, new ConnectError(error.message, code), closeAfterAnswer(response));
      return;
    }
    const header = new Headers(universal.header);
    // Decompressed here, within the limit; another encoding goes to Connect as sent, and it refuses it.
    if (encoding) header.delete("content-encoding");
    header.set("content-length", String(body.length));
    if (/^application\/proto$/i.test((request.headers["content-type"] ?? "").trim())) {
      try {
        fromBinary(handler.method.input, body);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        connectError(
          response,
          new ConnectError(
            `cannot decode message ${handler.method.input.typeName} from binary: ${reason}`,
            Code.InvalidArgument,
          ),
        );
        return;
      }
    }
    const answer = await handler({ ...universal, header, body: createAsyncIterable([new Uint8Array(body)]) });
    await universalResponseToNodeResponse(answer, response);
  });
}

/** A Connect unary error answer: the HTTP status of its code and `{code, message}` as JSON. */
function connectError(
  response: ServerResponse,
  error: ConnectError,
  headers: Record<string, string> = {},
): void {
  response
    .writeHead(codeToHttpStatus(error.code), { "Content-Type": "application/json", ...headers })
    .end(JSON.stringify(errorToJson(error, undefined)));
}

/**
 * Counts every call that reaches a method, before faults, capacity and authorization, so the counts are what a
 * client sent. Put it first among the interceptors.
 */
function countingInterceptor(counters: CallCounters): Interceptor {
  return (next) => (request) => {
    counters.increment(request.method.name);
    return next(request);
  };
}

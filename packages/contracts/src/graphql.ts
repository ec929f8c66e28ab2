// The `@sgkit/contracts/graphql` entry: the legacy GraphQL schema subset sgkit is typed from (as text and as a
// graphql-js schema) and the relay node-ID codec that the client and the emulator share.

export { schemaSDL } from "./gen/schema-sdl.js";
export { loadSchema } from "./graphql/load-schema.js";
export {
  type DecodedNodeId,
  decodeNodeId,
  encodeNodeId,
  NodeIdError,
  type NodeIdKey,
} from "./graphql/node-id.js";

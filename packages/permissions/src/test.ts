// Test helpers for code that uses @sgkit/permissions: an in-memory explicit permissions service.
export {
  createInMemoryPermissionsTransport,
  type InMemoryCall,
  type InMemoryFault,
  type InMemoryPermissions,
  type InMemoryPermissionsOptions,
  type InMemoryUser,
  type PermissionsMethodName,
} from "./testing/create-in-memory-permissions-transport.js";

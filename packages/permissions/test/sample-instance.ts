import type { InMemoryPermissionsOptions } from "../src/testing/create-in-memory-permissions-transport.js";

/**
 * The small instance most unit tests start from: repositories 123 and 124, and three users with every form of
 * name. Alice (456) can read repository 123.
 */
export function sampleInstance(overrides: InMemoryPermissionsOptions = {}): InMemoryPermissionsOptions {
  return {
    users: [
      { id: 456, username: "alice", email: "alice@example.com" },
      { id: 457, username: "bob", email: "Bob@Example.com" },
      { id: 458, username: "carol", email: "carol@example.com" },
    ],
    repositories: [123, 124],
    permissions: [{ repository: 123, user: 456 }],
    ...overrides,
  };
}

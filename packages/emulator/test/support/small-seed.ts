import type { EmulatorSeed } from "../../src/seed/seed-types.js";

/**
 * The small instance most of this package's own tests run on (what the sample instance was before it took the
 * documentation's ids): five users (admin 1, alice 2, bob 3, carol 4, dave 5), the org acme, repositories 101 to
 * 104 with a few files, alice on api and web, bob on api with sub-repository rules, three search contexts, and the
 * tokens `admin`, `readOnly`, `noRbac`, `userAll`, `sudo`. Tests pin it so that a change of the public sample does
 * not change what they assert; `startEmulator()` without a seed serves `sampleSeed()` instead.
 */
export function smallSeed(): EmulatorSeed {
  return {
    license: true,
    bindID: "username",
    users: [
      { id: 1, username: "admin", email: "admin@example.com", siteAdmin: true },
      {
        id: 2,
        username: "alice",
        email: "alice@example.com",
        rbac: ["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"],
      },
      { id: 3, username: "bob", email: "bob@example.com" },
      { id: 4, username: "carol", email: "Carol@Example.com" },
      { id: 5, username: "dave", email: "dave@example.com", rbac: ["REPO_PERMISSIONS#READ"] },
    ],
    orgs: [{ id: 1, name: "acme", members: ["alice", "bob"] }],
    repositories: [
      {
        id: 101,
        name: "github.com/acme/api",
        files: {
          "README.md": "# api\n\nThe Acme HTTP API.\n",
          "go.mod": "module github.com/acme/api\n\ngo 1.23\n",
          "cmd/server/main.go":
            'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("listening on :8080")\n}\n',
        },
      },
      {
        id: 102,
        name: "github.com/acme/web",
        files: {
          "README.md": "# web\n\nThe Acme web app.\n",
          "src/index.ts": 'export function greet(name: string): string {\n  return "hello, " + name;\n}\n',
        },
      },
      {
        id: 103,
        name: "github.com/acme/secrets",
        files: { "README.md": "# secrets\n\nOnly for the platform team.\n", "deploy/keys.txt": "TODO\n" },
      },
      {
        id: 104,
        name: "github.com/acme/docs",
        unrestricted: true,
        files: { "index.md": "# Acme docs\n\nWelcome.\n" },
      },
    ],
    tokens: [
      // user:all for GraphQL and streaming search, which refuse tokens with only externalapi scopes.
      { name: "admin", user: "admin", scopes: ["user:all", "externalapi:read", "externalapi:write"] },
      { name: "readOnly", user: "dave", scopes: ["externalapi:read"] },
      { name: "noRbac", user: "carol", scopes: ["externalapi:read", "externalapi:write"] },
      { name: "userAll", user: "alice", scopes: ["user:all"] },
      { name: "sudo", user: "admin", scopes: ["user:all", "site-admin:sudo"] },
    ],
    permissions: [
      { repository: "github.com/acme/api", user: "alice" },
      { repository: "github.com/acme/api", user: "bob" },
      { repository: "github.com/acme/web", user: "alice" },
    ],
    subRepoPermissions: [{ repository: "github.com/acme/api", user: "bob", paths: ["/**", "-/cmd/**"] }],
    searchContexts: [
      {
        name: "acme",
        description: "Every Acme repository anyone may read.",
        public: true,
        repositories: [
          { repository: "github.com/acme/api", revisions: ["HEAD"] },
          { repository: "github.com/acme/docs", revisions: ["HEAD"] },
        ],
        updatedAt: "2026-01-05T10:00:00Z",
      },
      {
        name: "platform",
        namespace: "acme",
        description: "The platform team's repositories.",
        public: false,
        repositories: [{ repository: "github.com/acme/secrets", revisions: ["HEAD"] }],
        updatedAt: "2026-01-06T10:00:00Z",
      },
      {
        name: "frontend",
        namespace: "alice",
        description: "What alice works on.",
        public: false,
        query: "repo:^github\\.com/acme/web$ lang:typescript",
        updatedAt: "2026-01-07T10:00:00Z",
      },
    ],
  };
}

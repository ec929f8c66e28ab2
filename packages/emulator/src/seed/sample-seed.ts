import { DOCUMENTED_IDS, documentedSeed } from "./documented-seed.js";
import type { EmulatorSeed } from "./seed-types.js";

/** `github.com/acme/secrets`, granted to nobody: only site admins and the `@acme/platform` context reach it. */
const SECRETS = 126;

/**
 * The built-in sample instance, used when no seed is given (`startEmulator()`, `sgkit-emulator`): the documented
 * instance of {@link documentedSeed} (repository 123 `github.com/acme/api`, user 456 alice, the same users, bulk
 * users and repositories, and tokens), so that the documentation's examples run on it as written, and besides:
 * files in the acme repositories, `github.com/acme/docs` unrestricted, a fourth repository
 * `github.com/acme/secrets` (126), the org acme (alice and bob), bob granted `github.com/acme/web` (124) with a
 * sub-repository rule hiding its `src/`, three search contexts, and two more tokens, `readOnly` and `sudo`.
 * Repository 123 has no grant, so the documentation's Create of `repositories/123/explicitRepoPermissions/456`
 * succeeds on it. Token values are generated at start.
 *
 * | token            | user               | scopes                                          | user's RBAC   |
 * | ---------------- | ------------------ | ----------------------------------------------- | ------------- |
 * | `admin`          | admin (site admin) | user:all, externalapi:read, externalapi:write   | READ, WRITE   |
 * | `readScopeOnly`  | admin              | externalapi:read                                | READ, WRITE   |
 * | `writeScopeOnly` | admin              | externalapi:write                               | READ, WRITE   |
 * | `readOnly`       | dave               | externalapi:read                                | READ          |
 * | `readRbacOnly`   | dave               | externalapi:read, externalapi:write             | READ          |
 * | `noRbac`         | carol              | externalapi:read, externalapi:write             | none          |
 * | `userAll`        | alice              | user:all (legacy, audit-logged on `/api/`)      | READ, WRITE   |
 * | `sudo`           | admin (site admin) | user:all, site-admin:sudo (GraphQL `token-sudo`) | READ, WRITE  |
 */
export function sampleSeed(): EmulatorSeed {
  const ids = DOCUMENTED_IDS;
  return documentedSeed({
    orgs: [{ id: 1, name: "acme", members: ["alice", "bob"] }],
    repositories: [
      {
        id: ids.repository,
        name: "github.com/acme/api",
        files: {
          "README.md": "# api\n\nThe Acme HTTP API.\n",
          "go.mod": "module github.com/acme/api\n\ngo 1.23\n",
          "cmd/server/main.go":
            'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("listening on :8080")\n}\n',
        },
      },
      {
        id: ids.otherRepository,
        name: "github.com/acme/web",
        files: {
          "README.md": "# web\n\nThe Acme web app.\n",
          "src/index.ts": 'export function greet(name: string): string {\n  return "hello, " + name;\n}\n',
        },
      },
      {
        id: ids.docsRepository,
        name: "github.com/acme/docs",
        unrestricted: true,
        files: { "index.md": "# Acme docs\n\nWelcome.\n" },
      },
      {
        id: SECRETS,
        name: "github.com/acme/secrets",
        files: { "README.md": "# secrets\n\nOnly for the platform team.\n", "deploy/keys.txt": "TODO\n" },
      },
    ],
    tokens: [
      { name: "readOnly", user: "dave", scopes: ["externalapi:read"] },
      { name: "sudo", user: "admin", scopes: ["user:all", "site-admin:sudo"] },
    ],
    // The documented instance grants alice web (124) already.
    permissions: [{ repository: ids.otherRepository, user: "bob" }],
    subRepoPermissions: [{ repository: ids.otherRepository, user: "bob", paths: ["/**", "-/src/**"] }],
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
  });
}

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { describe, expect, it, onTestFinished } from "vitest";
import { readSeedFile } from "../src/seed/load-seed.js";
import { validateSeed } from "../src/seed/validate-seed.js";
import { callApi } from "./support/call-api.js";
import { useEmulator } from "./support/use-emulator.js";

// The emulator prints its own tokens on purpose (CLI summary, --json), but nothing else may echo a token a
// client sent or a seed held: not an error answer, an audit entry, or a seed error.
const start = useEmulator();

describe("tokens never leak", () => {
  it("from any refusal a client receives, nor from the audit log", async () => {
    const canary = createCanaryToken();
    const emulator = await start({
      seed: {
        users: [
          { id: 1, username: "admin", siteAdmin: true },
          { id: 2, username: "carol" },
        ],
        repositories: [{ id: 101, name: "github.com/acme/api" }],
        tokens: [
          { name: "legacy", user: "admin", scopes: ["user:all"], value: canary },
          { name: "noRbac", user: "carol", scopes: ["externalapi:read"] },
        ],
      },
    });
    const list = { parent: "repositories/101" };
    const answers = [
      await callApi(emulator, "ListExplicitRepoPermissions", list, {
        headers: { Authorization: `token ${canary}` },
      }),
      await callApi(emulator, "ListExplicitRepoPermissions", list, {
        headers: { Authorization: `token-sudo user="admin",token="${canary}"` },
      }),
      await callApi(emulator, "ListExplicitRepoPermissions", list, {
        headers: { Authorization: `Bearer ${canary}x` },
      }),
      await callApi(emulator, "ListExplicitRepoPermissions", list, {
        headers: { Authorization: `Bearer ${canary} x` },
      }),
      await callApi(emulator, "ListExplicitRepoPermissions", list, { headers: { Cookie: `sgs=${canary}` } }),
      await callApi(emulator, "CreateExplicitRepoPermission", { parent: "x" }, { token: "legacy" }),
      await callApi(emulator, "ListExplicitRepoPermissions", list, { token: "noRbac" }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 400, 403]);
    expect(
      findSecret(canary, ...answers.map((answer) => answer.body), ...answers.map((a) => [...a.headers])),
    ).toBeUndefined();
    expect(emulator.state.audit.entries).toHaveLength(1);
    expect(findSecret(canary, emulator.state.audit.entries)).toBeUndefined();
  });

  it("from seed errors about token values", async () => {
    const canary = createCanaryToken();
    const users = [{ id: 1, username: "admin" }];
    const errors = [
      (() => {
        try {
          return validateSeed({
            users,
            tokens: [
              { name: "a", user: 1, scopes: [], value: canary },
              { name: "b", user: 1, scopes: [], value: canary },
            ],
          });
        } catch (error) {
          return error;
        }
      })(),
      (() => {
        try {
          return validateSeed({ users, tokens: [{ name: "a", user: 1, scopes: [], value: `${canary}\n` }] });
        } catch (error) {
          return error;
        }
      })(),
    ];
    const dir = mkdtempSync(join(tmpdir(), "sgkit-emulator-canary-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const broken = join(dir, "seed.json");
    writeFileSync(broken, `{"tokens":[{"value":"${canary}" "name":"a"}]}`);
    errors.push(await readSeedFile(broken).catch((error: unknown) => error));
    for (const error of errors) expect(error).toBeInstanceOf(Error);
    expect(findSecret(canary, ...errors)).toBeUndefined();
  });
});

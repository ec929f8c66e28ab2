import { AuthenticationError, PermissionDeniedError, SourcegraphError } from "@sgkit/core";
import type { GraphQLClient } from "@sgkit/graphql";
import { LicenseRequiredError, NotFoundError, type PermissionsClient } from "@sgkit/permissions";
import { describe, expect, it } from "vitest";
import { MigratorError } from "../migrator-error.js";
import { PROBE_PERMISSION, preflight, refusalMessage, type TokenSetup } from "./preflight.js";

const ENDPOINT = "https://sg.example.com";
const SINGLE: TokenSetup = {
  single: true,
  apiSetting: "SRC_ACCESS_TOKEN",
  graphqlSetting: "SRC_ACCESS_TOKEN",
};
const TWO: TokenSetup = {
  single: false,
  apiSetting: "SRC_ACCESS_TOKEN",
  graphqlSetting: "SRC_GRAPHQL_ACCESS_TOKEN",
};
const FROM_FILES: TokenSetup = {
  single: false,
  apiSetting: "--token-file /run/api-token",
  graphqlSetting: "--graphql-token-file /run/graphql-token",
};

const unauthenticated = new AuthenticationError(
  "GetExplicitRepoPermission of repositories/2147483647/explicitRepoPermissions/2147483647 failed with unauthenticated: Invalid access token.",
);
const denied = new PermissionDeniedError(
  "GetExplicitRepoPermission of repositories/2147483647/explicitRepoPermissions/2147483647 failed with permission_denied: GetExplicitRepoPermission needs the RBAC permission REPO_PERMISSIONS#READ. GetExplicitRepoPermission needs an access token with the scope externalapi:read (legacy user:all tokens also work, audit-logged) and a user holding the RBAC permission REPO_PERMISSIONS#READ.",
);
const API_NEEDS =
  "sgkit-migrate reads ACLs with the externalapi:read scope and the REPO_PERMISSIONS#READ permission, and apply writes with externalapi:write and REPO_PERMISSIONS#WRITE (a user:all token also works there, each use audit-logged).";

describe("refusalMessage", () => {
  it("one token that /api/ accepts and GraphQL refuses: it lacks user:all, and the two ways out", () => {
    expect(refusalMessage(SINGLE, { graphqlRefused: true, apiRefusal: undefined }, ENDPOINT)).toBe(
      "The token (SRC_ACCESS_TOKEN) works on the /api/ HTTP API but was refused by /.api/graphql: GraphQL needs a token with the user:all scope, and a token with only externalapi:read/write is refused there. Either use one user:all token for both APIs (its every use of /api/ is audit-logged), or keep this one for /api/ and set SRC_GRAPHQL_ACCESS_TOKEN (or --graphql-token-file) to a user:all token for GraphQL.",
    );
  });

  it("one token both APIs refuse as unauthenticated: a bad token, not a scope", () => {
    expect(refusalMessage(SINGLE, { graphqlRefused: true, apiRefusal: unauthenticated }, ENDPOINT)).toBe(
      "The token (SRC_ACCESS_TOKEN) was refused by both /.api/graphql and the /api/ HTTP API: check that it is valid, not expired or revoked, and for this instance.",
    );
  });

  it("one token that GraphQL accepts and /api/ denies: the scope and RBAC permission /api/ needs", () => {
    expect(refusalMessage(SINGLE, { graphqlRefused: false, apiRefusal: denied }, ENDPOINT)).toBe(
      `The token (SRC_ACCESS_TOKEN) was refused by the /api/ HTTP API (${denied.message.slice(0, -1)}). ${API_NEEDS}`,
    );
  });

  it("one token that GraphQL refuses and /api/ denies: both", () => {
    const text = refusalMessage(SINGLE, { graphqlRefused: true, apiRefusal: denied }, ENDPOINT);
    expect(text).toMatch(
      /^The token \(SRC_ACCESS_TOKEN\) was refused by \/\.api\/graphql: GraphQL needs a token with the user:all scope\. It was refused by the \/api\/ HTTP API \(/,
    );
    expect(text).toContain("REPO_PERMISSIONS#READ");
  });

  it("two tokens, GraphQL's refused: names SRC_GRAPHQL_ACCESS_TOKEN and user:all", () => {
    expect(refusalMessage(TWO, { graphqlRefused: true, apiRefusal: undefined }, ENDPOINT)).toBe(
      "The GraphQL token (SRC_GRAPHQL_ACCESS_TOKEN) was refused by /.api/graphql: GraphQL needs a token with the user:all scope; the /api/ token may keep externalapi:read/write only. Check also that it is valid, not expired, and for this instance.",
    );
  });

  it("two tokens, the /api/ one denied: names SRC_ACCESS_TOKEN, the scope and the RBAC permission", () => {
    const text = refusalMessage(TWO, { graphqlRefused: false, apiRefusal: denied }, ENDPOINT);
    expect(text).toBe(
      `The /api/ token (SRC_ACCESS_TOKEN) was refused by the /api/ HTTP API (${denied.message.slice(0, -1)}). ${API_NEEDS}`,
    );
    expect(text).toContain("externalapi:read");
    expect(text).toContain("externalapi:write");
    expect(text).toContain("REPO_PERMISSIONS#WRITE");
  });

  it("two tokens, the /api/ one unauthenticated", () => {
    expect(refusalMessage(TWO, { graphqlRefused: false, apiRefusal: unauthenticated }, ENDPOINT)).toBe(
      "The /api/ token (SRC_ACCESS_TOKEN) was refused by the /api/ HTTP API (unauthenticated): check that it is valid, not expired or revoked, and for this instance.",
    );
  });

  it("two tokens both refused, read from files: each named by its flag", () => {
    const text = refusalMessage(FROM_FILES, { graphqlRefused: true, apiRefusal: unauthenticated }, ENDPOINT);
    expect(text).toMatch(
      /^The GraphQL token \(--graphql-token-file \/run\/graphql-token\) was refused by \/\.api\/graphql: .* The \/api\/ token \(--token-file \/run\/api-token\) was refused by the \/api\/ HTTP API \(unauthenticated\)/,
    );
  });
});

describe("refusalMessage, for a user who is not a site admin", () => {
  it("one token: says so first, then any refusal", () => {
    expect(
      refusalMessage(SINGLE, { graphqlRefused: false, apiRefusal: undefined, notAdmin: "alice" }, ENDPOINT),
    ).toBe(
      "The token belongs to alice, who is not a site admin of https://sg.example.com: sgkit-migrate needs a site admin's token.",
    );
    expect(
      refusalMessage(SINGLE, { graphqlRefused: false, apiRefusal: denied, notAdmin: "alice" }, ENDPOINT),
    ).toMatch(
      /^The token belongs to alice, who is not a site admin of https:\/\/sg\.example\.com: sgkit-migrate needs a site admin's token\. The token \(SRC_ACCESS_TOKEN\) was refused by the \/api\/ HTTP API/,
    );
  });

  it("two tokens: names the GraphQL token", () => {
    expect(
      refusalMessage(TWO, { graphqlRefused: false, apiRefusal: undefined, notAdmin: "alice" }, ENDPOINT),
    ).toBe(
      "The GraphQL token (SRC_GRAPHQL_ACCESS_TOKEN) belongs to alice, who is not a site admin of https://sg.example.com: sgkit-migrate needs a site admin's token.",
    );
  });
});

describe("preflight", () => {
  const admin = { username: "admin", siteAdmin: true };

  function clients(graphql: () => Promise<unknown>, get: (name: string) => Promise<unknown>) {
    const names: string[] = [];
    return {
      names,
      clients: {
        endpoint: ENDPOINT,
        graphql: { currentUser: graphql } as unknown as GraphQLClient,
        permissions: {
          get: (name: string) => {
            names.push(name);
            return get(name);
          },
        } as unknown as PermissionsClient,
      },
    };
  }

  it("passes on not_found for the probe, having read it and nothing else", async () => {
    const { names, clients: both } = clients(
      async () => admin,
      async () => {
        throw new NotFoundError("not found");
      },
    );
    await expect(preflight(both, TWO)).resolves.toEqual({ viewer: admin });
    expect(names).toEqual([PROBE_PERMISSION]);
  });

  it("refuses with a MigratorError naming the token when GraphQL answers 401", async () => {
    const { clients: both } = clients(
      async () => {
        throw new AuthenticationError("POST https://sg.example.com/.api/graphql failed with HTTP 401.");
      },
      async () => {
        throw new NotFoundError("not found");
      },
    );
    const error = await preflight(both, SINGLE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigratorError);
    expect((error as Error).message).toMatch(
      /works on the \/api\/ HTTP API but was refused by \/\.api\/graphql/,
    );
  });

  it("passes on invalid_argument for the probe too (a server stricter about ids): authorization came first", async () => {
    const { clients: both } = clients(
      async () => admin,
      async () => {
        throw new SourcegraphError("invalid id", { code: "invalid_argument", status: 400 });
      },
    );
    await expect(preflight(both, SINGLE)).resolves.toEqual({ viewer: admin });
  });

  it("says the GraphQL viewer is not a site admin, once both tokens passed", async () => {
    const { clients: both } = clients(
      async () => ({ username: "alice", siteAdmin: false }),
      async () => {
        throw new NotFoundError("not found");
      },
    );
    await expect(preflight(both, TWO)).rejects.toThrow(
      "The GraphQL token (SRC_GRAPHQL_ACCESS_TOKEN) belongs to alice, who is not a site admin of https://sg.example.com: sgkit-migrate needs a site admin's token.",
    );
  });

  it("lets other errors through as they are: no license", async () => {
    const license = new LicenseRequiredError("no license");
    const { clients: both } = clients(
      async () => admin,
      async () => {
        throw license;
      },
    );
    await expect(preflight(both, TWO)).rejects.toBe(license);
  });
});

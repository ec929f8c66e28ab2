import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type GraphQLField, isInputObjectType, isInterfaceType, isObjectType, printType } from "graphql";
import { describe, expect, it } from "vitest";
import { schemaSDL } from "../gen/schema-sdl.js";
import { loadSchema } from "./load-schema.js";

const schema = loadSchema();
const signature = (field: GraphQLField<unknown, unknown>) =>
  `${field.name}(${field.args
    .map(
      (arg) =>
        `${arg.name}: ${arg.type}${arg.defaultValue === undefined ? "" : ` = ${JSON.stringify(arg.defaultValue)}`}`,
    )
    .join(", ")}): ${field.type}`;

describe("schema/sourcegraph.graphql", () => {
  it("is embedded verbatim in schemaSDL", () => {
    expect(schemaSDL).toBe(
      readFileSync(join(import.meta.dirname, "..", "..", "schema", "sourcegraph.graphql"), "utf8"),
    );
  });

  it("has Sourcegraph's signatures for the fields sgkit uses (facts file, Legacy GraphQL)", () => {
    const query = schema.getQueryType()?.getFields() ?? {};
    const mutation = schema.getMutationType()?.getFields() ?? {};
    expect(Object.values(query).map(signature)).toEqual([
      "repository(name: String, cloneURL: String, uri: String): Repository",
      "node(id: ID!): Node",
      "currentUser(): User",
      "user(username: String, email: String): User",
      "users(first: Int, after: String, query: String): UserConnection!",
      // A subset of Sourcegraph's repositories(first, last, after, before, query, names, …, orderBy, descending).
      "repositories(first: Int, after: String): NewRepositoryConnection!",
      'authorizedUserRepositories(username: String, email: String, perm: RepositoryPermission = "READ", first: Int!, after: String): RepositoryConnection!',
      "usersWithPendingPermissions(): [String!]!",
      'searchContexts(first: Int = 50, after: String, query: String, namespaces: [ID] = [], orderBy: SearchContextsOrderBy = "SEARCH_CONTEXT_SPEC", descending: Boolean = false): SearchContextConnection!',
      "searchContextBySpec(spec: String!): SearchContext",
    ]);
    expect(Object.values(mutation).map(signature)).toEqual([
      "setRepositoryPermissionsForUsers(repository: ID!, userPermissions: [UserPermissionInput!]!): EmptyResponse!",
      "setRepositoryPermissionsUnrestricted(repositories: [ID!]!, unrestricted: Boolean!): EmptyResponse!",
      "setSubRepositoryPermissionsForUsers(repository: ID!, userPermissions: [UserSubRepoPermission!]!): EmptyResponse!",
      "createSearchContext(searchContext: SearchContextInput!, repositories: [SearchContextRepositoryRevisionsInput!]!): SearchContext!",
      "updateSearchContext(id: ID!, searchContext: SearchContextEditInput!, repositories: [SearchContextRepositoryRevisionsInput!]!): SearchContext!",
      "deleteSearchContext(id: ID!): EmptyResponse!",
    ]);
    const repository = schema.getType("Repository");
    expect(isObjectType(repository) && signature(repository.getFields().authorizedUsers as never)).toBe(
      "authorizedUsers(permission: RepositoryPermission, first: Int!, after: String): UserConnection!",
    );
    const connection = schema.getType("NewRepositoryConnection");
    expect(isObjectType(connection) && String(connection.getFields().totalCount?.type)).toBe("Int!");
    expect(isObjectType(connection) && String(connection.getFields().pageInfo?.type)).toBe(
      "ConnectionPageInfo!",
    );
  });

  it("has the documented inputs", () => {
    const print = (name: string) =>
      printType(schema.getType(name) as never)
        .replace(/\s*"""[\s\S]*?"""/g, "")
        .trim();
    expect(print("UserPermissionInput")).toBe(
      "input UserPermissionInput {\n  bindID: String!\n  permission: RepositoryPermission = READ\n}",
    );
    expect(print("SearchContextRepositoryRevisionsInput")).toBe(
      "input SearchContextRepositoryRevisionsInput {\n  repositoryID: ID!\n  revisions: [String!]!\n}",
    );
    expect(print("SearchContextInput")).toContain("namespace: ID\n");
    // Required on current servers ("" for none), in both inputs.
    expect(print("SearchContextInput")).toContain("query: String!\n");
    expect(print("SearchContextEditInput")).toContain("query: String!\n");
    expect(print("SearchContextEditInput")).not.toContain("namespace");
    expect(print("EmptyResponse")).toBe("type EmptyResponse {\n  alwaysNil: String\n}");
    expect(print("PermissionSource")).toBe("enum PermissionSource {\n  USER_SYNC\n  REPO_SYNC\n  API\n}");
  });

  it("describes every type, field, argument, input field and enum value", () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || ["String", "Int", "Boolean", "ID", "Float"].includes(type.name))
        continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if ("getValues" in type) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

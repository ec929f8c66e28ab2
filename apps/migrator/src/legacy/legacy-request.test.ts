import { describe, expect, it } from "vitest";
import { MigratorError } from "../migrator-error.js";
import { type LegacyRequest, LegacyRequestError, parseLegacyRequest } from "./legacy-request.js";

const REPO = "UmVwb3NpdG9yeToxMjM="; // Repository:123
const OTHER = "UmVwb3NpdG9yeTo0NTY="; // Repository:456

/** The error parseLegacyRequest throws for `request` (failing the test when it throws none). */
function errorOf(request: LegacyRequest): LegacyRequestError {
  try {
    parseLegacyRequest(request);
  } catch (error) {
    expect(error).toBeInstanceOf(LegacyRequestError);
    return error as LegacyRequestError;
  }
  throw new Error("expected a LegacyRequestError");
}

describe("parseLegacyRequest", () => {
  it("reads inline arguments, permission omitted meaning READ, blank bindIDs dropped and the order kept", () => {
    const parsed = parseLegacyRequest({
      query: `mutation {
  setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: [{bindID: "bob"}, {bindID: "  "}, {bindID: "alice", permission: READ}, {bindID: ""}, {bindID: "bob"}]) { alwaysNil }
}`,
    });
    expect(parsed).toEqual({
      operation: "mutation",
      fields: [
        {
          kind: "set-permissions",
          responseKey: "setRepositoryPermissionsForUsers",
          repository: REPO,
          bindIDs: ["bob", "alice", "bob"],
          location: { line: 2, column: 3 },
        },
      ],
    });
  });

  it("reads variables: the whole list, one bindID in an inline list, and variables' default values", () => {
    const whole = parseLegacyRequest({
      query:
        "mutation Set($repo: ID!, $perms: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: $repo, userPermissions: $perms) { alwaysNil } }",
      variables: { repo: REPO, perms: [{ bindID: "a@example.com" }, { bindID: "b", permission: "READ" }] },
      operationName: "Set",
    });
    expect(whole.operationName).toBe("Set");
    expect(whole.fields).toMatchObject([
      { kind: "set-permissions", repository: REPO, bindIDs: ["a@example.com", "b"] },
    ]);

    const mixed = parseLegacyRequest({
      query:
        'mutation($repo: ID! = "' +
        REPO +
        '", $x: String!, $y: String = "dflt") { setRepositoryPermissionsForUsers(repository: $repo, userPermissions: [{bindID: $x}, {bindID: "lit"}, {bindID: $y}]) { alwaysNil } }',
      variables: { x: "carol" },
    });
    expect(mixed.fields).toMatchObject([{ repository: REPO, bindIDs: ["carol", "lit", "dflt"] }]);

    const defaultList = parseLegacyRequest({
      query:
        'mutation($repo: ID!, $perms: [UserPermissionInput!]! = [{bindID: "d"}]) { setRepositoryPermissionsForUsers(repository: $repo, userPermissions: $perms) { alwaysNil } }',
      variables: { repo: REPO },
    });
    expect(defaultList.fields).toMatchObject([{ bindIDs: ["d"] }]);
  });

  it("gives aliases as response keys, several permission fields in document order, fragments and __typename", () => {
    const parsed = parseLegacyRequest({
      query: `mutation {
  first: setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: [{bindID: "a"}]) { alwaysNil }
  __typename
  ...More
  ... on Mutation { third: setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: []) { __typename } }
}
fragment More on Mutation {
  second: setRepositoryPermissionsForUsers(repository: "${OTHER}", userPermissions: [{bindID: "b"}]) { alwaysNil }
}`,
    });
    expect(parsed.fields.map((field) => [field.kind, field.responseKey])).toEqual([
      ["set-permissions", "first"],
      ["other", "__typename"],
      ["set-permissions", "second"],
      ["set-permissions", "third"],
    ]);
    expect(parsed.fields).toMatchObject([
      { repository: REPO, bindIDs: ["a"] },
      { field: "__typename" },
      { repository: OTHER, bindIDs: ["b"], location: { line: 8, column: 3 } },
      { repository: REPO, bindIDs: [] },
    ]);
  });

  it("merges fields of one response key as GraphQL does, and honours @skip and @include", () => {
    const parsed = parseLegacyRequest({
      query: `mutation($skip: Boolean = true, $keep: Boolean!) {
  a: setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: [{bindID: "x"}]) { alwaysNil }
  ... on Mutation { a: setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: [{bindID: "x"}]) { __typename } }
  b: setRepositoryPermissionsForUsers(repository: "${OTHER}", userPermissions: []) @skip(if: $skip) { alwaysNil }
  c: setRepositoryPermissionsForUsers(repository: "${OTHER}", userPermissions: [{bindID: "y"}]) @include(if: $keep) { alwaysNil }
}`,
      variables: { keep: true },
    });
    expect(parsed.fields).toMatchObject([
      { responseKey: "a", bindIDs: ["x"] },
      { responseKey: "c", bindIDs: ["y"] },
    ]);
  });

  it("picks the operation named by operationName among several, and lists the other fields", () => {
    const query = `query Who { currentUser { username } site { id } }
mutation Open { setRepositoryPermissionsUnrestricted(repositories: ["${REPO}"], unrestricted: true) { alwaysNil } paths: setSubRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: []) { alwaysNil } somethingElse }`;
    expect(parseLegacyRequest({ query, operationName: "Who" })).toEqual({
      operation: "query",
      operationName: "Who",
      fields: [
        {
          kind: "other",
          responseKey: "currentUser",
          field: "currentUser",
          location: { line: 1, column: 13 },
        },
        { kind: "other", responseKey: "site", field: "site", location: { line: 1, column: 38 } },
      ],
    });
    expect(parseLegacyRequest({ query, operationName: "Open" }).fields).toMatchObject([
      { kind: "not-migratable", field: "setRepositoryPermissionsUnrestricted" },
      { kind: "not-migratable", responseKey: "paths", field: "setSubRepositoryPermissionsForUsers" },
      // Not in the schema subset: listed for the server to judge, not refused here.
      { kind: "other", field: "somethingElse" },
    ]);
  });

  it("treats the permission field in a query as another field (the server refuses it there)", () => {
    const parsed = parseLegacyRequest({
      query: `{ setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: []) { alwaysNil } }`,
    });
    expect(parsed).toMatchObject({ operation: "query", fields: [{ kind: "other" }] });
  });

  it("is a MigratorError whose GraphQL errors a legacy client understands", () => {
    const error = errorOf({ query: "mutation { x(" });
    expect(error).toBeInstanceOf(MigratorError);
    expect(error.graphqlErrors).toEqual([
      { message: "Syntax Error: Expected Name, found <EOF>.", locations: [{ line: 1, column: 14 }] },
    ]);
    expect(error.message).toBe("GraphQL 1:14: Syntax Error: Expected Name, found <EOF>.");
    expect(error.location).toEqual({ line: 1, column: 14 });
  });

  it.each([
    [{ query: 42 }, "GraphQL: The query must be a string."],
    [{}, "GraphQL: Must provide query string."],
    [
      { query: "{ a }", variables: [1] },
      "GraphQL: Variables must be provided as an Object where each property is a variable value.",
    ],
    [{ query: "{ a }", operationName: 3 }, "GraphQL: The operationName must be a string."],
    [
      { query: "query A { a } query B { b }" },
      "GraphQL: Must provide operation name if query contains multiple operations.",
    ],
    [{ query: "query A { a }", operationName: "C" }, 'GraphQL: Unknown operation named "C".'],
    [{ query: "fragment F on Query { a }" }, 'GraphQL 1:1: Fragment "F" is never used.'],
    [
      { query: "query A { a } query A { b }", operationName: "A" },
      'GraphQL 1:7: There can be only one operation named "A".',
    ],
    [{ query: "query($v: Int) { a }" }, 'GraphQL 1:7: Variable "$v" is never used.'],
    [{ query: "{ a(x: $v) }" }, 'GraphQL 1:8: Variable "$v" is not defined.'],
  ])("refuses a bad request or document: %j", (request, message) => {
    expect(errorOf(request as LegacyRequest).message).toBe(message);
  });

  it("refuses a missing or mistyped variable, naming the variable and its place", () => {
    const query =
      "mutation($repo: ID!, $perms: [UserPermissionInput!]!) {\n  acl: setRepositoryPermissionsForUsers(repository: $repo, userPermissions: $perms) { alwaysNil }\n}";
    const missing = errorOf({ query, variables: { repo: REPO } });
    expect(missing.message).toBe(
      'GraphQL 1:22: variable "$perms": Variable "$perms" of required type "[UserPermissionInput!]!" was not provided.',
    );
    expect(missing.variable).toBe("perms");
    const mistyped = errorOf({ query, variables: { repo: REPO, perms: [{ bindID: 7 }] } });
    expect(mistyped.message).toBe(
      'GraphQL 1:22: variable "$perms": Variable "$perms" got invalid value 7 at "perms[0].bindID"; String cannot represent a non string value: 7',
    );
    const unknownField = errorOf({
      query,
      variables: { repo: REPO, perms: [{ bindID: "a", perm: "READ" }] },
    });
    expect(unknownField.message).toContain('Field "perm" is not defined by type "UserPermissionInput".');
  });

  it("refuses a permission other than READ, inline or in a variable", () => {
    const inline = errorOf({
      query: `mutation {\n  acl: setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: [{bindID: "a", permission: WRITE}]) { alwaysNil }\n}`,
    });
    expect(inline.message).toBe(
      'GraphQL 2:121: field "acl": Value "WRITE" does not exist in "RepositoryPermission" enum.',
    );
    expect(inline.field).toBe("acl");
    const variable = errorOf({
      query:
        'mutation($perms: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: "x", userPermissions: $perms) { alwaysNil } }',
      variables: { perms: [{ bindID: "a", permission: "ADMIN" }] },
    });
    expect(variable.message).toBe(
      'GraphQL 1:10: variable "$perms": Variable "$perms" got invalid value "ADMIN" at "perms[0].permission"; Value "ADMIN" does not exist in "RepositoryPermission" enum.',
    );
  });

  it("refuses a repository that is not a string, inline or in a variable", () => {
    const inline = errorOf({
      query:
        "mutation { setRepositoryPermissionsForUsers(repository: 123, userPermissions: []) { alwaysNil } }",
    });
    expect(inline.message).toBe(
      'GraphQL 1:57: field "setRepositoryPermissionsForUsers": Argument "repository" must be a node ID string, not the number 123.',
    );
    const variable = errorOf({
      query:
        "mutation($repo: ID!) { acl: setRepositoryPermissionsForUsers(repository: $repo, userPermissions: []) { alwaysNil } }",
      variables: { repo: 123 },
    });
    expect(variable.message).toBe(
      'GraphQL 1:74: field "acl": variable "$repo": Variable "$repo" got invalid value 123: the repository must be a node ID string.',
    );
    expect(variable.variable).toBe("repo");
  });

  it("validates the permission field against the schema: unknown fields and arguments, missing arguments", () => {
    expect(
      errorOf({
        query: `mutation { acl: setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: []) { nope } }`,
      }).message,
    ).toBe('GraphQL 1:109: field "acl": Cannot query field "nope" on type "EmptyResponse".');
    expect(
      errorOf({
        query: `mutation { setRepositoryPermissionsForUsers(repository: "${REPO}", users: []) { alwaysNil } }`,
      }).message,
    ).toBe(
      'GraphQL 1:81: field "setRepositoryPermissionsForUsers": Unknown argument "users" on field "Mutation.setRepositoryPermissionsForUsers". (and 1 more)',
    );
    expect(
      errorOf({ query: `mutation { setRepositoryPermissionsForUsers(repository: "${REPO}") { alwaysNil } }` })
        .message,
    ).toBe(
      'GraphQL 1:12: field "setRepositoryPermissionsForUsers": Field "setRepositoryPermissionsForUsers" argument "userPermissions" of type "[UserPermissionInput!]!" is required, but it was not provided.',
    );
    expect(
      errorOf({
        query: `mutation($r: String!) { setRepositoryPermissionsForUsers(repository: $r, userPermissions: []) { alwaysNil } }`,
        variables: { r: REPO },
      }).message,
    ).toBe('GraphQL 1:10: Variable "$r" of type "String!" used in position expecting type "ID!".');
    expect(
      errorOf({
        query: `mutation { setRepositoryPermissionsForUsers(repository: "${REPO}", userPermissions: [{bindID: "a"}]) }`,
      }).message,
    ).toContain(
      'must have a selection of subfields. Did you mean "setRepositoryPermissionsForUsers { ... }"?',
    );
  });
});

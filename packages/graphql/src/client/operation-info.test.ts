import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import {
  CreateSearchContextDocument,
  CurrentUserDocument,
  DeleteSearchContextDocument,
  SetRepositoryPermissionsForUsersDocument,
  SetRepositoryPermissionsUnrestrictedDocument,
  SetSubRepositoryPermissionsForUsersDocument,
  UpdateSearchContextDocument,
} from "../gen/operations/graphql.js";
import { isIdempotentOperation } from "./is-idempotent-operation.js";
import { operationInfo } from "./operation-info.js";

describe("operationInfo", () => {
  it("describes a generated document once (cached by identity)", () => {
    const info = operationInfo(CurrentUserDocument);
    expect(info).toMatchObject({ name: "CurrentUser", type: "query", rootFields: ["currentUser"] });
    expect(operationInfo(CurrentUserDocument)).toBe(info);
  });

  it("reads text documents, anonymous ones too", () => {
    expect(operationInfo("{ currentUser { id } }")).toMatchObject({
      name: undefined,
      type: "query",
      rootFields: ["currentUser"],
      query: "{ currentUser { id } }",
    });
  });

  it("reports unknown root fields when a fragment sits at the root", () => {
    const text = "mutation M { ...F } fragment F on Mutation { deleteSearchContext(id: 1) { alwaysNil } }";
    expect(operationInfo(text).rootFields).toBeUndefined();
    expect(isIdempotentOperation(operationInfo(text))).toBe(false);
  });

  it("prints untyped DocumentNodes", () => {
    const document = parse("query Q { currentUser { id } }");
    expect(operationInfo(document).query).toBe("query Q {\n  currentUser {\n    id\n  }\n}");
  });
});

describe("isIdempotentOperation (retry decision)", () => {
  it.each([
    [CurrentUserDocument, true],
    [SetRepositoryPermissionsForUsersDocument, true],
    [SetRepositoryPermissionsUnrestrictedDocument, true],
    [SetSubRepositoryPermissionsForUsersDocument, false],
    [CreateSearchContextDocument, false],
    [UpdateSearchContextDocument, false],
    [DeleteSearchContextDocument, false],
  ])("%#: decides from the operation type and the allow-list", (document, expected) => {
    expect(isIdempotentOperation(operationInfo(document))).toBe(expected);
  });

  it("needs every root field of a mutation to be idempotent", () => {
    const both =
      "mutation { a: setRepositoryPermissionsUnrestricted(repositories: [], unrestricted: true) { alwaysNil } " +
      "b: deleteSearchContext(id: 1) { alwaysNil } }";
    expect(isIdempotentOperation(operationInfo(both))).toBe(false);
    const twoSafe =
      "mutation { __typename a: setRepositoryPermissionsUnrestricted(repositories: [], unrestricted: true) { alwaysNil } " +
      "b: setRepositoryPermissionsForUsers(repository: 1, userPermissions: []) { alwaysNil } }";
    expect(isIdempotentOperation(operationInfo(twoSafe))).toBe(true);
    expect(isIdempotentOperation(operationInfo("mutation { __typename }"))).toBe(false);
    expect(isIdempotentOperation({ type: "subscription", rootFields: ["x"] })).toBe(false);
  });
});

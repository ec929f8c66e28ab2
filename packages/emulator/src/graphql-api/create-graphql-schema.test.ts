import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { schemaSDL } from "@sgkit/contracts/graphql";
import { isObjectType, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { createGraphQLSchema, typeNameOf } from "./create-graphql-schema.js";

describe("createGraphQLSchema", () => {
  it("executes @sgkit/contracts' schema file itself, not a copy", () => {
    const file = createRequire(import.meta.url).resolve("@sgkit/contracts/schema/sourcegraph.graphql");
    expect(schemaSDL).toBe(readFileSync(file, "utf8"));
    const schema = createGraphQLSchema();
    expect(printSchema(schema)).toBe(printSchema(createGraphQLSchema(readFileSync(file, "utf8"))));
  });

  it("has a resolver for every field of Query and Mutation", () => {
    const schema = createGraphQLSchema();
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      if (!isObjectType(root)) throw new Error("the schema lacks a root type");
      for (const field of Object.values(root.getFields())) {
        expect(field.resolve, `${root.name}.${field.name}`).toBeTypeOf("function");
      }
    }
  });

  it("fails at start when the schema lacks a field a resolver serves", () => {
    const without = schemaSDL.replace(
      "usersWithPendingPermissions: [String!]!",
      "pendingBindIDs: [String!]!",
    );
    expect(without).not.toBe(schemaSDL);
    expect(() => createGraphQLSchema(without)).toThrow(
      "the GraphQL schema has no field Query.usersWithPendingPermissions",
    );
  });

  it("tells the state's objects apart for the Node and Namespace interfaces", () => {
    expect(typeNameOf({ id: 1, username: "a", email: undefined, siteAdmin: false, rbac: new Set() })).toBe(
      "User",
    );
    expect(typeNameOf({ id: 1, name: "acme", memberIds: new Set() })).toBe("Org");
    expect(typeNameOf({ id: 1, name: "r", files: new Map(), unrestricted: false })).toBe("Repository");
    expect(typeNameOf({ id: 1, name: "c", autoDefined: false })).toBe("SearchContext");
    expect(typeNameOf({ id: 1 })).toBeUndefined();
    expect(typeNameOf(null)).toBeUndefined();
  });
});

import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { DOCUMENTED_OPERATIONS } from "../test/support/documented-operations.js";
import { loadSchema } from "./schema.js";

// The example operations of Sourcegraph's documentation ("Managing search contexts with the API", and the
// permission mutations of the facts file), with their documented variables: they must validate against the schema
// subset, so that what users copy from the docs runs on the emulator and through `client.request`.

const schema = loadSchema();

const documentedOperations = {
  createSearchContext: {
    query: DOCUMENTED_OPERATIONS.createSearchContext,
    variables: {
      searchContext: {
        name: "MySearchContext",
        description: "A description of my search context",
        namespace: "user-id",
        public: true,
        // The documentation's example leaves `query` out; current servers require it (String!): "" for none.
        query: "",
      },
      repositories: [{ repositoryID: "repo-id", revisions: ["main", "branch-1"] }],
    },
  },
  readSearchContext: {
    query: DOCUMENTED_OPERATIONS.readSearchContext,
    variables: { spec: "@user/MySearchContext" },
  },
  listSearchContexts: {
    query: DOCUMENTED_OPERATIONS.listSearchContexts,
    variables: {
      first: 10,
      query: "MySearchContext",
      namespaces: ["user-id", null],
      orderBy: "SEARCH_CONTEXT_UPDATED_AT",
      descending: true,
    },
  },
  updateSearchContext: {
    query: DOCUMENTED_OPERATIONS.updateSearchContext,
    variables: {
      id: "search-context-id",
      searchContext: {
        name: "MyUpdatedSearchContext",
        description: "Updated description",
        public: false,
        query: "",
      },
      repositories: [{ repositoryID: "repo-id", revisions: ["main", "branch-1"] }],
    },
  },
  deleteSearchContext: {
    query: DOCUMENTED_OPERATIONS.deleteSearchContext,
    variables: { id: "search-context-id" },
  },
  setRepositoryPermissionsForUsers: {
    query: DOCUMENTED_OPERATIONS.setRepositoryPermissionsForUsers,
    variables: {},
  },
  setRepositoryPermissionsUnrestricted: {
    query: DOCUMENTED_OPERATIONS.setRepositoryPermissionsUnrestricted,
    variables: {},
  },
  setSubRepositoryPermissionsForUsers: {
    query: DOCUMENTED_OPERATIONS.setSubRepositoryPermissionsForUsers,
    variables: {},
  },
  authorizedUserRepositories: {
    query: DOCUMENTED_OPERATIONS.authorizedUserRepositories,
    variables: {},
  },
} as const;

describe("documented example operations", () => {
  it.each(Object.entries(documentedOperations))("%s validates against the schema", (_, { query }) => {
    expect(validate(schema, parse(query)).map(String)).toEqual([]);
  });
});

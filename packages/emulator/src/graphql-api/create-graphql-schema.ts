import { schemaSDL } from "@sgkit/contracts/graphql";
import { buildSchema, type GraphQLSchema, isInterfaceType, isObjectType } from "graphql";
import { permissionMutations } from "./resolvers/permission-mutations.js";
import { queryResolvers } from "./resolvers/query-resolvers.js";
import type { ResolverMap } from "./resolvers/resolver-map.js";
import { searchContextMutations } from "./resolvers/search-contexts.js";
import { typeResolvers } from "./resolvers/type-resolvers.js";

/**
 * The schema the emulator executes: `@sgkit/contracts`' schema file (the one `@sgkit/graphql` is typed from,
 * not a copy), built with graphql-js, with the emulator's resolvers attached to its fields. Fields without a
 * resolver read the property of the same name (graphql-js's default), which is what plain answer objects need.
 *
 * @throws Error when a resolver names a type or field the schema lacks, so schema drift fails at start.
 */
export function createGraphQLSchema(sdl: string = schemaSDL): GraphQLSchema {
  const schema = buildSchema(sdl);
  const maps: ResolverMap[] = [
    queryResolvers(),
    permissionMutations(),
    searchContextMutations(),
    typeResolvers(),
  ];
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`the GraphQL schema has no object type ${typeName}`);
      const schemaFields = type.getFields();
      for (const [fieldName, resolve] of Object.entries(fields)) {
        const field = schemaFields[fieldName];
        if (!field) throw new Error(`the GraphQL schema has no field ${typeName}.${fieldName}`);
        field.resolve = resolve;
      }
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type)) type.resolveType = typeNameOf;
  }
  return schema;
}

/**
 * The GraphQL type of a state object, for the `Node` and `Namespace` interfaces. Sources are the state's own
 * objects, told apart by a property only their kind has.
 */
export function typeNameOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if ("username" in value) return "User";
  if ("memberIds" in value) return "Org";
  if ("files" in value) return "Repository";
  if ("autoDefined" in value) return "SearchContext";
  return undefined;
}

import type { GraphQLResolveInfo } from "graphql";
import type { GraphQLContext } from "../graphql-context.js";

/**
 * A field resolver over the emulator's state. Each resolver types its own source and arguments (the schema
 * guarantees them); the method form makes those narrower parameter types acceptable here.
 */
export type FieldResolver = {
  resolve(source: unknown, args: unknown, context: GraphQLContext, info: GraphQLResolveInfo): unknown;
}["resolve"];

/** Resolvers by type name, then field name. */
export type ResolverMap = Record<string, Record<string, FieldResolver>>;

/** A page of a connection: its nodes, the total, and where the next page starts. */
export interface Connection<T> {
  readonly nodes: readonly T[];
  readonly totalCount: number;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

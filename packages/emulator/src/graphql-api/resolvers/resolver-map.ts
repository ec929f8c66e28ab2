import type { GraphQLResolveInfo } from "graphql";
import type { User } from "../../state/accounts.js";
import type { EmulatorState } from "../../state/emulator-state.js";

/** What every resolver gets: the shared state and the user the request acts as. */
export interface GraphQLContext {
  readonly state: EmulatorState;
  /** The user the request acts as (the sudo target with `token-sudo`); undefined when anonymous. */
  readonly viewer: User | undefined;
}

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
  /**
   * The total, or a function that counts it: graphql-js's default resolver calls a function only when the
   * query asks for the field, so an expensive count costs nothing to the pages that do not.
   */
  readonly totalCount: number | (() => number);
  /** A `PageInfo`, or a `ConnectionPageInfo` with the backward fields too (`NewRepositoryConnection`). */
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly endCursor: string | null;
    readonly hasPreviousPage?: boolean;
    readonly startCursor?: string | null;
  };
}

import { canReadSearchContext } from "../../state/can-read-search-context.js";
import {
  MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH,
  searchContextNameProblem,
} from "../../state/search-context-name-problem.js";
import type {
  SearchContext,
  SearchContextNamespace,
  SearchContextRepository,
} from "../../state/search-context-store.js";
import { searchContextWriteProblem } from "../../state/search-context-write-problem.js";
import { GraphQLApiError, GraphQLErrorCode } from "../graphql-api-error.js";
import type { GraphQLContext } from "../graphql-context.js";
import { requireViewer } from "../guards.js";
import { namespaceArgument, repositoryArgument, searchContextSpecKey } from "../node-arguments.js";
import type { ResolverMap } from "./resolver-map.js";

interface SearchContextEditInput {
  readonly name: string;
  readonly description: string;
  readonly public: boolean;
  readonly query?: string | null;
}

interface SearchContextInput extends SearchContextEditInput {
  readonly namespace?: string | null;
}

interface RepositoryRevisionsInput {
  readonly repositoryID: string;
  readonly revisions: readonly string[];
}

/**
 * Create, update and delete of search contexts, with the documented write rule (see `searchContextWriteProblem`):
 * `ErrNotAuthenticated` for anonymous callers, `ErrForbidden` for others without the right. A context the viewer
 * cannot read is `ErrNotFound`, so its existence does not leak. An update is a full replacement of every field
 * and repository; the namespace cannot change (the edit input has none). Every argument is checked first.
 */
export function searchContextMutations(): ResolverMap {
  return {
    Mutation: {
      createSearchContext(
        _: unknown,
        args: { searchContext: SearchContextInput; repositories: readonly RepositoryRevisionsInput[] },
        context: GraphQLContext,
      ): SearchContext {
        requireViewer(context, "createSearchContext");
        const input = args.searchContext;
        const namespace = namespaceArgument(context, input.namespace, "searchContext.namespace");
        checkWrite(context, { namespace, public: input.public });
        const fields = checkFields(input, "searchContext");
        const repositories = checkRepositories(context, args.repositories);
        if (context.state.searchContexts.byName(namespace, fields.name))
          throw taken(context, namespace, fields.name);
        return context.state.searchContexts.add({ ...fields, namespace, repositories });
      },
      updateSearchContext(
        _: unknown,
        args: {
          id: string;
          searchContext: SearchContextEditInput;
          repositories: readonly RepositoryRevisionsInput[];
        },
        context: GraphQLContext,
      ): SearchContext {
        requireViewer(context, "updateSearchContext");
        const existing = readable(context, args.id);
        checkWrite(context, existing);
        checkWrite(context, { namespace: existing.namespace, public: args.searchContext.public });
        const fields = checkFields(args.searchContext, "searchContext");
        const repositories = checkRepositories(context, args.repositories);
        const clash = context.state.searchContexts.byName(existing.namespace, fields.name);
        if (clash && clash.id !== existing.id) throw taken(context, existing.namespace, fields.name);
        return context.state.searchContexts.update(existing.id, { ...fields, repositories });
      },
      deleteSearchContext(_: unknown, args: { id: string }, context: GraphQLContext) {
        requireViewer(context, "deleteSearchContext");
        const existing = readable(context, args.id);
        checkWrite(context, existing);
        context.state.searchContexts.delete(existing.id);
        return { alwaysNil: null };
      },
    },
  };
}

function readable(context: GraphQLContext, id: string): SearchContext {
  const spec = searchContextSpecKey(id, "id");
  const searchContext = context.state.searchContextBySpec(spec);
  if (!searchContext || !canReadSearchContext(context.state, context.viewer, searchContext)) {
    throw new GraphQLApiError(GraphQLErrorCode.notFound, `search context ${JSON.stringify(spec)} not found`);
  }
  return searchContext;
}

function checkWrite(context: GraphQLContext, target: Pick<SearchContext, "namespace" | "public">): void {
  const problem = searchContextWriteProblem(context.state, context.viewer, target);
  if (problem) throw new GraphQLApiError(GraphQLErrorCode.forbidden, problem);
}

function checkFields(input: SearchContextEditInput, path: string) {
  const problem = searchContextNameProblem(input.name);
  if (problem) throw new GraphQLApiError(GraphQLErrorCode.invalidArgument, `${path}.name: ${problem}`);
  if (input.description.length > MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH) {
    throw new GraphQLApiError(
      GraphQLErrorCode.invalidArgument,
      `${path}.description: must be at most ${MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH} characters, got ${input.description.length}`,
    );
  }
  return { name: input.name, description: input.description, public: input.public, query: input.query ?? "" };
}

function checkRepositories(
  context: GraphQLContext,
  inputs: readonly RepositoryRevisionsInput[],
): SearchContextRepository[] {
  const seen = new Map<number, number>();
  return inputs.map((input, index) => {
    const path = `repositories[${index}]`;
    const repository = repositoryArgument(context, input.repositoryID, `${path}.repositoryID`);
    const first = seen.get(repository.id);
    if (first !== undefined) {
      throw new GraphQLApiError(
        GraphQLErrorCode.invalidArgument,
        `${path}.repositoryID: ${JSON.stringify(input.repositoryID)} is a duplicate of repositories[${first}]`,
      );
    }
    seen.set(repository.id, index);
    if (input.revisions.length === 0) {
      throw new GraphQLApiError(
        GraphQLErrorCode.invalidArgument,
        `${path}.revisions: must name at least one revision, such as "HEAD"`,
      );
    }
    input.revisions.forEach((revision, r) => {
      if (revision.trim() === "") {
        throw new GraphQLApiError(
          GraphQLErrorCode.invalidArgument,
          `${path}.revisions[${r}]: must not be blank`,
        );
      }
    });
    return { repositoryId: repository.id, revisions: [...input.revisions] };
  });
}

function taken(context: GraphQLContext, namespace: SearchContextNamespace, name: string): GraphQLApiError {
  const spec = context.state.searchContextSpec({ namespace, name });
  return new GraphQLApiError(
    GraphQLErrorCode.alreadyExists,
    `search context ${JSON.stringify(spec)} already exists`,
  );
}

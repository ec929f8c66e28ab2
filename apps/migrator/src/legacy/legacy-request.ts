// One legacy GraphQL request (`{query, variables, operationName}`) read the way Sourcegraph's server reads it:
// which top-level fields the chosen operation runs, and for each `setRepositoryPermissionsForUsers` the repository
// and the bindIDs it sets. The bridge (a live request) and the recorded-call inputs (a file of requests) share this
// one parser, so both follow the same rules.
//
// Parsed and checked with graphql-js against the legacy schema subset of @sgkit/contracts (re-exported by
// @sgkit/graphql), the way GraphQL itself would: the document's syntax, the operation chosen by `operationName`
// (`Unknown operation named "x".`), variable coercion with defaults (`Variable "$perms" of required type ...`),
// argument types, enum values (`READ` is the only permission) and the sub-selection of the permission field.
// Only the permission fields are checked against the schema: the subset does not hold every field of the real
// schema, so the other fields are listed as they are and left to the server (the bridge forwards them).

import { schemaSDL } from "@sgkit/graphql";
import {
  type ArgumentNode,
  buildSchema,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  ExecutableDefinitionsRule,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getVariableValues,
  Kind,
  KnownFragmentNamesRule,
  LoneAnonymousOperationRule,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  specifiedRules,
  UniqueArgumentNamesRule,
  UniqueFragmentNamesRule,
  UniqueInputFieldNamesRule,
  UniqueOperationNamesRule,
  UniqueVariableNamesRule,
  type ValidationRule,
  type VariableDefinitionNode,
  type VariableNode,
  validate,
  visit,
} from "graphql";
import { MigratorError } from "../migrator-error.js";

/** One request as a legacy client sends it to `POST /.api/graphql`. */
export interface LegacyRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A place in the request's GraphQL document; both count from 1. */
export interface LegacyLocation {
  readonly line: number;
  readonly column: number;
}

/** The mutations the HTTP API cannot do (still GraphQL only): reported, never migrated. */
export type NotMigratableField =
  | "setRepositoryPermissionsUnrestricted"
  | "setSubRepositoryPermissionsForUsers";

/**
 * One top-level field the chosen operation runs, in execution order, one per response key (GraphQL merges fields
 * that share a response key, and so does this list). `location` is where the field first appears in the document.
 */
export type LegacyField =
  | {
      kind: "set-permissions";
      /** The alias, or the field name when there is none: the key of the field's answer in `data`. */
      responseKey: string;
      /** The repository's node ID exactly as sent (not decoded: whoever uses it decodes it). */
      repository: string;
      /** The bindIDs as sent, blank ones (empty or whitespace only) dropped, in the order sent, duplicates kept. */
      bindIDs: string[];
      location?: LegacyLocation;
    }
  | { kind: "not-migratable"; responseKey: string; field: NotMigratableField; location?: LegacyLocation }
  | { kind: "other"; responseKey: string; field: string; location?: LegacyLocation };

/** What a request does: its chosen operation's type and top-level fields. */
export interface ParsedLegacyRequest {
  operation: "query" | "mutation" | "subscription";
  /** The chosen operation's name; undefined for an anonymous operation. */
  operationName?: string;
  fields: LegacyField[];
}

/** One error as GraphQL reports it (`{message, locations}`), ready for a legacy client's `errors` array. */
export interface LegacyGraphQLError {
  readonly message: string;
  readonly locations?: readonly LegacyLocation[];
}

/**
 * A legacy request cannot be read: not a request, a GraphQL syntax or validation error, an unknown or ambiguous
 * `operationName`, a missing or mistyped variable, a permission other than `READ`, a repository that is not a
 * string. The message says what and where (`GraphQL 3:7: field "acl": Variable "$perms" ...`); `graphqlErrors`
 * holds the same errors in GraphQL's own words and shape, for a bridge to answer a legacy client with.
 */
export class LegacyRequestError extends MigratorError {
  override readonly name: string = "LegacyRequestError";
  /** The errors as GraphQL words them, with their locations in the document (at least one). */
  readonly graphqlErrors: readonly LegacyGraphQLError[];
  /** Where the first error is in the document, when it has a place. */
  readonly location: LegacyLocation | undefined;
  /** The response key of the field at fault, when one is. */
  readonly field: string | undefined;
  /** The variable at fault (without `$`), when one is. */
  readonly variable: string | undefined;

  constructor(
    graphqlErrors: readonly LegacyGraphQLError[],
    where: { field?: string; variable?: string; cause?: unknown } = {},
  ) {
    const first = graphqlErrors[0] ?? { message: "invalid request" };
    const location = first.locations?.[0];
    const place = [
      location === undefined ? "GraphQL" : `GraphQL ${location.line}:${location.column}`,
      where.field === undefined ? undefined : `field "${where.field}"`,
      where.variable === undefined ? undefined : `variable "$${where.variable}"`,
    ]
      .filter((part) => part !== undefined)
      .join(": ");
    const more = graphqlErrors.length > 1 ? ` (and ${graphqlErrors.length - 1} more)` : "";
    super(`${place}: ${first.message}${more}`, where.cause === undefined ? {} : { cause: where.cause });
    this.graphqlErrors = graphqlErrors.length > 0 ? graphqlErrors : [first];
    this.location = location;
    this.field = where.field;
    this.variable = where.variable;
  }
}

const SET_PERMISSIONS = "setRepositoryPermissionsForUsers";
const NOT_MIGRATABLE: ReadonlySet<string> = new Set<NotMigratableField>([
  "setRepositoryPermissionsUnrestricted",
  "setSubRepositoryPermissionsForUsers",
]);

// The rules that need no knowledge of the schema: checked over the whole document, as the server checks it
// (Sourcegraph's graph-gophers/graphql-go applies each of them to every request, unused variables and fragments
// included: internal/validation/validation.go). Its words differ slightly from graphql-js's, which are used here.
const SCHEMA_FREE_RULES: readonly ValidationRule[] = [
  ExecutableDefinitionsRule,
  UniqueOperationNamesRule,
  LoneAnonymousOperationRule,
  UniqueFragmentNamesRule,
  KnownFragmentNamesRule,
  NoUnusedFragmentsRule,
  NoFragmentCyclesRule,
  UniqueVariableNamesRule,
  NoUndefinedVariablesRule,
  NoUnusedVariablesRule,
  UniqueArgumentNamesRule,
  UniqueInputFieldNamesRule,
];

let schema: GraphQLSchema | undefined;

/** The legacy schema subset, built once (building it is the costly part of a small request). */
function legacySchema(): GraphQLSchema {
  schema ??= buildSchema(schemaSDL);
  return schema;
}

/**
 * Reads one legacy GraphQL request as the server would: parses its document with graphql-js, picks the operation
 * (`operationName`, or the only one), and lists the top-level fields it runs, through fragments and inline
 * fragments and `@skip`/`@include`, one per response key in execution order. Each
 * `setRepositoryPermissionsForUsers` of a mutation is checked against the legacy schema and its arguments
 * coerced (inline values or variables, variables' default values, `permission` omitted meaning `READ`).
 *
 * ```ts
 * const parsed = parseLegacyRequest({
 *   query: "mutation($repo: ID!) { acl: setRepositoryPermissionsForUsers(repository: $repo, userPermissions: [{bindID: \"alice\"}]) { alwaysNil } }",
 *   variables: { repo: "UmVwb3NpdG9yeToxMjM=" },
 * });
 * // { operation: "mutation", fields: [{ kind: "set-permissions", responseKey: "acl", repository: "UmVwb3NpdG9yeToxMjM=", bindIDs: ["alice"], ... }] }
 * ```
 *
 * @throws {LegacyRequestError} for a request that is not `{query, variables?, operationName?}`, a bad document,
 *   an unknown or ambiguous `operationName`, a missing or mistyped variable, a permission other than `READ`, or
 *   a repository that is not a string.
 */
export function parseLegacyRequest(request: LegacyRequest): ParsedLegacyRequest {
  const { query, variables, operationName } = checkShape(request);
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: false });
  } catch (error) {
    throw fromGraphQLErrors([asGraphQLError(error)], { cause: error });
  }
  const schemaFree = validate(legacySchema(), document, SCHEMA_FREE_RULES);
  if (schemaFree.length > 0) throw fromGraphQLErrors(schemaFree);

  const operation = chooseOperation(document, operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const coerce = variableCoercer(operation, variables ?? {});
  const rootType = ROOT_TYPES[operation.operation];
  const grouped = new Map<string, FieldNode[]>();
  collectFields(operation.selectionSet, rootType, fragments, coerce, grouped, new Set());

  const fields: LegacyField[] = [];
  const permissionFields: FieldNode[] = [];
  for (const [responseKey, nodes] of grouped) {
    const node = nodes[0] as FieldNode;
    const name = node.name.value;
    const location = locationOf(node);
    if (operation.operation === "mutation" && name === SET_PERMISSIONS) {
      permissionFields.push(...nodes);
      fields.push({ kind: "set-permissions", responseKey, repository: "", bindIDs: [], location });
    } else if (operation.operation === "mutation" && NOT_MIGRATABLE.has(name)) {
      fields.push({ kind: "not-migratable", responseKey, field: name as NotMigratableField, location });
    } else {
      fields.push({ kind: "other", responseKey, field: name, location });
    }
  }
  if (permissionFields.length === 0) return result(operation, fields);

  validatePermissionFields(document, operation, permissionFields, fragments);
  const mutationType = legacySchema().getMutationType() as GraphQLObjectType;
  const definition = mutationType.getFields()[SET_PERMISSIONS] as GraphQLField<unknown, unknown>;
  for (const field of fields) {
    if (field.kind !== "set-permissions") continue;
    const node = (grouped.get(field.responseKey) as FieldNode[])[0] as FieldNode;
    const read = readPermissionField(definition, node, field.responseKey, coerce, variables ?? {});
    field.repository = read.repository;
    field.bindIDs = read.bindIDs;
  }
  return result(operation, fields);
}

function result(operation: OperationDefinitionNode, fields: LegacyField[]): ParsedLegacyRequest {
  const parsed: ParsedLegacyRequest = { operation: operation.operation, fields };
  if (operation.name !== undefined) parsed.operationName = operation.name.value;
  return parsed;
}

const ROOT_TYPES: Readonly<Record<OperationDefinitionNode["operation"], string>> = {
  query: "Query",
  mutation: "Mutation",
  subscription: "Subscription",
};

/** The request's fields, checked at run time: callers pass parsed JSON, which the type cannot vouch for. */
function checkShape(request: LegacyRequest): {
  query: string;
  variables: Record<string, unknown> | null | undefined;
  operationName: string | null | undefined;
} {
  const shape = request as unknown;
  if (shape === null || typeof shape !== "object" || Array.isArray(shape)) {
    throw new LegacyRequestError([
      { message: "A request must be an object {query, variables, operationName}." },
    ]);
  }
  const { query, variables, operationName } = shape as Record<string, unknown>;
  if (typeof query !== "string") {
    throw new LegacyRequestError([
      { message: query === undefined ? "Must provide query string." : "The query must be a string." },
    ]);
  }
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== "object" || Array.isArray(variables))
  ) {
    throw new LegacyRequestError([
      { message: "Variables must be provided as an Object where each property is a variable value." },
    ]);
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") {
    throw new LegacyRequestError([{ message: "The operationName must be a string." }]);
  }
  return {
    query,
    variables: variables as Record<string, unknown> | null | undefined,
    operationName: operationName as string | null | undefined,
  };
}

/** The operation to run, by GraphQL's rule (and in graphql-js's words, as `execute` says them). */
function chooseOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (definition: DefinitionNode): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName !== undefined && operationName !== null && operationName !== "") {
    const named = operations.find((operation) => operation.name?.value === operationName);
    if (named === undefined) {
      throw new LegacyRequestError([{ message: `Unknown operation named "${operationName}".` }]);
    }
    return named;
  }
  if (operations.length > 1) {
    throw new LegacyRequestError([
      { message: "Must provide operation name if query contains multiple operations." },
    ]);
  }
  const only = operations[0];
  if (only === undefined) throw new LegacyRequestError([{ message: "Must provide an operation." }]);
  return only;
}

/** Coerces the named variables (once each) and answers every variable coerced so far. */
type Coercer = (names: Iterable<string>) => Record<string, unknown>;

/**
 * Coerces the operation's variables one at a time, when first needed: a variable only another field uses may be
 * of a type the schema subset lacks, and is the server's business, not ours. The answer holds every variable
 * coerced so far, the right shape for `getArgumentValues`.
 */
function variableCoercer(operation: OperationDefinitionNode, inputs: Record<string, unknown>): Coercer {
  const definitions = new Map<string, VariableDefinitionNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    definitions.set(definition.variable.name.value, definition);
  }
  const coerced: Record<string, unknown> = {};
  const done = new Set<string>();
  return (names) => {
    for (const name of names) {
      if (done.has(name)) continue;
      const definition = definitions.get(name);
      done.add(name);
      // An undefined variable was refused by NoUndefinedVariablesRule already.
      if (definition === undefined) continue;
      const values = getVariableValues(legacySchema(), [definition], inputs, { maxErrors: 10 });
      if (values.errors !== undefined) throw fromGraphQLErrors(values.errors, { variable: name });
      Object.assign(coerced, values.coerced);
    }
    return coerced;
  };
}

/** The coerced variables `node` uses (its arguments and directives, and their nested values). */
function variablesFor(
  node: FieldNode | ArgumentNode | readonly ArgumentNode[],
  coerce: Coercer,
): Record<string, unknown> {
  const names = new Set<string>();
  const collect = (value: FieldNode | ArgumentNode) =>
    visit(value, {
      Variable(variable: VariableNode) {
        names.add(variable.name.value);
      },
      SelectionSet() {
        // The field's sub-selection is not its arguments.
        return false;
      },
    });
  if (Array.isArray(node)) for (const argument of node as readonly ArgumentNode[]) collect(argument);
  else collect(node as FieldNode | ArgumentNode);
  return coerce(names);
}

/** Whether `@skip`/`@include` let `node` run, by `execute`'s rule. */
function included(node: { directives?: readonly DirectiveNode[] }, coerce: Coercer): boolean {
  const directives = node.directives ?? [];
  if (directives.length === 0) return true;
  const values = variablesFor(
    directives.flatMap((directive) => directive.arguments ?? []),
    coerce,
  );
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, values)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, values)?.if === false) return false;
  } catch (error) {
    throw fromGraphQLErrors([asGraphQLError(error)], { cause: error });
  }
  return true;
}

/**
 * GraphQL's CollectFields over the operation's top level: fields grouped by response key in first-seen order,
 * through fragment spreads (each once) and inline fragments whose type condition is the root type.
 */
function collectFields(
  selectionSet: SelectionSetNode,
  rootType: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  coerce: Coercer,
  grouped: Map<string, FieldNode[]>,
  visited: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (!included(selection, coerce)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const group = grouped.get(key);
      if (group === undefined) grouped.set(key, [selection]);
      else group.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition?.name.value;
      if (condition !== undefined && condition !== rootType) continue;
      collectFields(selection.selectionSet, rootType, fragments, coerce, grouped, visited);
    } else {
      const name = selection.name.value;
      if (visited.has(name)) continue;
      visited.add(name);
      const fragment = fragments.get(name);
      if (fragment === undefined || fragment.typeCondition.name.value !== rootType) continue;
      collectFields(fragment.selectionSet, rootType, fragments, coerce, grouped, visited);
    }
  }
}

/**
 * Validates the permission fields against the legacy schema with every rule GraphQL applies, in a document of
 * their own: the chosen operation holding only those fields (hoisted out of top-level fragments), the variables
 * they use, and the fragments their sub-selections spread. The nodes are the original ones, so the errors point
 * into the request's own document.
 */
function validatePermissionFields(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  permissionFields: readonly FieldNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): void {
  const usedVariables = new Set<string>();
  const usedFragments = new Set<string>();
  const walk = (node: FieldNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable(variable: VariableNode) {
        usedVariables.add(variable.name.value);
      },
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (usedFragments.has(name)) return;
        usedFragments.add(name);
        const fragment = fragments.get(name);
        if (fragment !== undefined) walk(fragment);
      },
    });
  // Top-level directives were applied while collecting; the fields are validated as they run.
  const runs = permissionFields.map(withoutDirectives);
  for (const field of runs) walk(field);
  const reduced: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...operation,
        variableDefinitions: (operation.variableDefinitions ?? []).filter((definition) =>
          usedVariables.has(definition.variable.name.value),
        ),
        selectionSet: { kind: Kind.SELECTION_SET, selections: runs },
      },
      ...document.definitions.filter(
        (definition) =>
          definition.kind === Kind.FRAGMENT_DEFINITION && usedFragments.has(definition.name.value),
      ),
    ],
  };
  const errors = validate(legacySchema(), reduced, specifiedRules);
  if (errors.length > 0) {
    const key = fieldAt(errors[0] as GraphQLError, permissionFields);
    throw fromGraphQLErrors(errors, key === undefined ? {} : { field: key });
  }
}

function withoutDirectives(field: FieldNode): FieldNode {
  const { directives: _, ...rest } = field;
  return rest;
}

/** The response key of the permission field an error points into, found by the error's location. */
function fieldAt(error: GraphQLError, fields: readonly FieldNode[]): string | undefined {
  const start = error.nodes?.[0]?.loc?.start;
  if (start === undefined) return undefined;
  const field = fields.find(
    (candidate) => candidate.loc !== undefined && candidate.loc.start <= start && start < candidate.loc.end,
  );
  return field === undefined ? undefined : (field.alias?.value ?? field.name.value);
}

/** The repository and bindIDs one validated `setRepositoryPermissionsForUsers` field sets. */
function readPermissionField(
  definition: GraphQLField<unknown, unknown>,
  node: FieldNode,
  responseKey: string,
  coerce: Coercer,
  inputs: Record<string, unknown>,
): { repository: string; bindIDs: string[] } {
  const where = { field: responseKey };
  const repositoryArgument = node.arguments?.find((argument) => argument.name.value === "repository");
  // GraphQL's ID takes an integer too; a node ID is a string, and a number here is an integer database id or
  // a mistake: either way not what the legacy server looks up.
  if (repositoryArgument !== undefined) {
    const value = repositoryArgument.value;
    if (value.kind === Kind.VARIABLE) {
      const sent = inputs[value.name.value];
      if (sent !== undefined && sent !== null && typeof sent !== "string") {
        throw new LegacyRequestError(
          [
            {
              message: `Variable "$${value.name.value}" got invalid value ${JSON.stringify(sent)}: the repository must be a node ID string.`,
              locations: locationsOf(value),
            },
          ],
          { ...where, variable: value.name.value },
        );
      }
    } else if (value.kind !== Kind.STRING) {
      throw new LegacyRequestError(
        [
          {
            message: `Argument "repository" must be a node ID string, not ${value.kind === Kind.INT ? `the number ${value.value}` : value.kind}.`,
            locations: locationsOf(value),
          },
        ],
        where,
      );
    }
  }
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(definition, node, variablesFor(node, coerce));
  } catch (error) {
    throw fromGraphQLErrors([asGraphQLError(error)], { ...where, cause: error });
  }
  const repository = args.repository as string;
  const permissions = args.userPermissions as readonly { bindID: string; permission?: unknown }[];
  const bindIDs: string[] = [];
  for (const [index, permission] of permissions.entries()) {
    // The schema's enum has READ only; a newer schema with more levels must still not pass one through silently.
    if (permission.permission !== "READ") {
      throw new LegacyRequestError(
        [
          {
            message: `userPermissions[${index}].permission is ${JSON.stringify(permission.permission)}: READ is the only permission the HTTP API grants.`,
            locations: locationsOf(node),
          },
        ],
        where,
      );
    }
    if (permission.bindID.trim() !== "") bindIDs.push(permission.bindID);
  }
  return { repository, bindIDs };
}

function locationOf(node: {
  loc?: { startToken: { line: number; column: number } };
}): LegacyLocation | undefined {
  const token = node.loc?.startToken;
  return token === undefined ? undefined : { line: token.line, column: token.column };
}

function locationsOf(node: {
  loc?: { startToken: { line: number; column: number } };
}): LegacyLocation[] | undefined {
  const location = locationOf(node);
  return location === undefined ? undefined : [location];
}

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  throw error;
}

function fromGraphQLErrors(
  errors: readonly GraphQLError[],
  where: { field?: string; variable?: string; cause?: unknown } = {},
): LegacyRequestError {
  const shaped = errors.map((error): LegacyGraphQLError => {
    const locations = error.locations?.map(({ line, column }) => ({ line, column }));
    return locations === undefined || locations.length === 0
      ? { message: error.message }
      : { message: error.message, locations };
  });
  return new LegacyRequestError(shaped, where);
}

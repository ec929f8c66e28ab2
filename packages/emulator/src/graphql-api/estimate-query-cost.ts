// The query-cost check Sourcegraph runs on every GraphQL request before it validates or executes it
// (public source: cmd/frontend/graphqlbackend/rate_limit.go, EstimateQueryCost; the limits and their 400 answer in
// cmd/frontend/internal/httpapi/graphql.go; the defaults in internal/conf/computed.go, RateLimits).

import {
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  Lexer,
  type SelectionSetNode,
  Source,
  TokenKind,
  type ValueNode,
} from "graphql";

/** What a document would cost, as Sourcegraph's estimator counts it. */
export interface QueryCost {
  /** Fields the answer may hold: each field times the `first`/`last` of the fields around it. */
  readonly fieldCount: number;
  /** The deepest nesting of selection sets (`{ a }` is 1, `{ a { b } }` is 2). */
  readonly maxDepth: number;
  /** Aliased fields, a fragment's counted again at each of its spreads. */
  readonly aliasCount: number;
  /** The most times one field name is written in one operation or fragment. */
  readonly highestDuplicateFieldCount: number;
  /** Distinct field names, a fragment's counted again at each of its spreads. */
  readonly uniqueFieldCount: number;
}

/** The most a request may cost; more is refused with HTTP 400 before validation. */
export interface QueryCostLimits {
  readonly aliasCount: number;
  readonly fieldCount: number;
  readonly depth: number;
  readonly duplicateFieldCount: number;
  readonly uniqueFieldCount: number;
}

/** Sourcegraph's defaults (`rateLimits` in the site configuration; internal/conf/computed.go). */
export const DEFAULT_QUERY_COST_LIMITS: QueryCostLimits = {
  aliasCount: 500,
  fieldCount: 500_000,
  depth: 30,
  duplicateFieldCount: 500,
  uniqueFieldCount: 500,
};

/** One limit a request exceeds: Sourcegraph's `{type, limit, actual}`. */
export interface QueryCostViolation {
  /** `alias count`, `field count`, `query depth`, `duplicate field count` or `unique field count`. */
  readonly type: string;
  readonly limit: number;
  readonly actual: number;
}

/**
 * The limits `cost` exceeds, in Sourcegraph's order (aliases, fields, depth, duplicates, unique fields).
 */
export function queryCostViolations(cost: QueryCost, limits: QueryCostLimits): QueryCostViolation[] {
  const checks: Array<[string, number, number]> = [
    ["alias count", cost.aliasCount, limits.aliasCount],
    ["field count", cost.fieldCount, limits.fieldCount],
    ["query depth", cost.maxDepth, limits.depth],
    ["duplicate field count", cost.highestDuplicateFieldCount, limits.duplicateFieldCount],
    ["unique field count", cost.uniqueFieldCount, limits.uniqueFieldCount],
  ];
  return checks
    .filter(([, actual, limit]) => actual > limit)
    .map(([type, actual, limit]) => ({ type, limit, actual }));
}

/** Fragments that spread each other in a cycle: the cost is unbounded, and graphql-js would refuse it too. */
export interface FragmentCycle {
  readonly cycle: string;
}

const LARGE = Number.MAX_SAFE_INTEGER;
const QUANTITY_ARGUMENTS = new Set(["first", "last"]);
/** Fields that do not appear in the answer, so Sourcegraph does not count them (they still count as names). */
const UNCOUNTED_FIELDS = new Set(["nodes", "__typename"]);

interface Cost {
  fields: number;
  aliases: number;
  depth: number;
  duplicates: number;
  unique: number;
}

/**
 * Estimates a parsed document's cost the way Sourcegraph's `EstimateQueryCost` does, in time linear in the
 * document: each fragment is costed once, after the fragments it spreads, and a spread adds its fragment's
 * cost, so a fragment spread twice by a fragment spread twice ... is multiplied, never expanded. All the
 * operations of the document count (fields, aliases and unique fields summed, the deepest depth, the highest
 * duplicate count), whichever one the request runs.
 *
 * As Sourcegraph's: a field inside a field with `first:` or `last:` (a literal or a variable, its default,
 * else 1) counts that many times; `nodes` and `__typename` are not counted as fields; of the inline fragments of
 * a selection set only the largest counts (they are alternatives by type; Sourcegraph takes the largest of the
 * whole document); an inline fragment's selection set is a level of depth. Unlike Sourcegraph's, a fragment's
 * own depth counts where it is spread (Sourcegraph adds the fields of a spread fragment but not its depth).
 *
 * @returns the cost, or the name of a fragment that spreads itself (directly or through others).
 */
export function estimateQueryCost(
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> = {},
): QueryCost | FragmentCycle {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const defaults = new Map<string, ValueNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      for (const variable of definition.variableDefinitions ?? []) {
        if (variable.defaultValue) defaults.set(variable.variable.name.value, variable.defaultValue);
      }
    }
  }

  // Each fragment after the fragments it spreads (Kahn's algorithm, without recursion over fragments).
  const dependencies = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const [name, fragment] of fragments) {
    const spread = new Set([...spreadsOf(fragment.selectionSet)].filter((other) => fragments.has(other)));
    dependencies.set(name, spread);
    for (const other of spread) {
      const list = dependents.get(other);
      if (list) list.push(name);
      else dependents.set(other, [name]);
    }
  }
  const waiting = new Map([...dependencies].map(([name, spread]) => [name, spread.size]));
  const ready = [...waiting].filter(([, count]) => count === 0).map(([name]) => name);
  const costs = new Map<string, Cost>();
  const limitOf = (argumentsOf: readonly ArgumentNode[] | undefined): number => {
    for (const argument of argumentsOf ?? []) {
      if (!QUANTITY_ARGUMENTS.has(argument.name.value)) continue;
      const limit = quantity(argument.value, variables, defaults);
      if (limit > 0) return Math.min(limit, LARGE);
    }
    return 1;
  };
  while (ready.length > 0) {
    const name = ready.pop() as string;
    costs.set(name, costOfDefinition((fragments.get(name) as FragmentDefinitionNode).selectionSet));
    for (const dependent of dependents.get(name) ?? []) {
      const left = (waiting.get(dependent) ?? 0) - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (costs.size < fragments.size) return { cycle: fragmentOnCycle(dependencies, costs) };

  function costOfDefinition(selectionSet: SelectionSetNode): Cost {
    const names = new Map<string, number>();
    let spreadUnique = 0;
    let spreadDuplicates = 0;
    // Recursion follows the nesting of the document's text, which the parser has already walked.
    const walk = (set: SelectionSetNode): { fields: number; aliases: number; depth: number } => {
      let fields = 0;
      let aliases = 0;
      let depth = 1;
      let largestInline = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          names.set(name, (names.get(name) ?? 0) + 1);
          if (selection.alias) aliases++;
          if (!UNCOUNTED_FIELDS.has(name)) fields++;
          if (selection.selectionSet) {
            const inner = walk(selection.selectionSet);
            fields += limitOf(selection.arguments) * inner.fields;
            aliases += inner.aliases;
            depth = Math.max(depth, 1 + inner.depth);
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const inner = walk(selection.selectionSet);
          largestInline = Math.max(largestInline, inner.fields);
          aliases += inner.aliases;
          depth = Math.max(depth, 1 + inner.depth);
        } else {
          const fragment = costs.get(selection.name.value);
          // An unknown fragment costs nothing here; validation refuses the document.
          if (!fragment) continue;
          fields += fragment.fields;
          aliases += fragment.aliases;
          depth = Math.max(depth, fragment.depth);
          spreadUnique += fragment.unique;
          spreadDuplicates = Math.max(spreadDuplicates, fragment.duplicates);
        }
        fields = Math.min(fields, LARGE);
        aliases = Math.min(aliases, LARGE);
      }
      return { fields: Math.min(fields + largestInline, LARGE), aliases, depth };
    };
    const { fields, aliases, depth } = walk(selectionSet);
    let duplicates = spreadDuplicates;
    for (const count of names.values()) if (count > 1) duplicates = Math.max(duplicates, count);
    return {
      fields,
      aliases,
      depth,
      duplicates,
      unique: Math.min(Math.max(names.size, spreadUnique), LARGE),
    };
  }

  const total: Cost = { fields: 0, aliases: 0, depth: 0, duplicates: 0, unique: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const cost = costOfDefinition(definition.selectionSet);
    total.fields = Math.min(total.fields + cost.fields, LARGE);
    total.aliases = Math.min(total.aliases + cost.aliases, LARGE);
    total.unique = Math.min(total.unique + cost.unique, LARGE);
    total.depth = Math.max(total.depth, cost.depth);
    total.duplicates = Math.max(total.duplicates, cost.duplicates);
  }
  return {
    fieldCount: Math.max(total.fields, 1),
    maxDepth: Math.max(total.depth, 1),
    aliasCount: total.aliases,
    highestDuplicateFieldCount: total.duplicates,
    uniqueFieldCount: total.unique,
  };
}

/**
 * The deepest nesting of braces in a document's text, read token by token without parsing: the depth of a
 * document nested too deeply for the parser (which recurses) to read.
 */
export function braceDepth(text: string): number {
  const lexer = new Lexer(new Source(text));
  let depth = 0;
  let deepest = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (token.kind === TokenKind.BRACE_L) deepest = Math.max(deepest, ++depth);
    else if (token.kind === TokenKind.BRACE_R) depth--;
  }
  return deepest;
}

/** The names of the fragments a selection set spreads, at any depth. */
function spreadsOf(selectionSet: SelectionSetNode): Set<string> {
  const names = new Set<string>();
  const pending: SelectionSetNode[] = [selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) names.add(selection.name.value);
      else if (selection.selectionSet) pending.push(selection.selectionSet);
    }
  }
  return names;
}

/** A fragment on a cycle: follow unresolved spreads from any unresolved fragment until one repeats. */
function fragmentOnCycle(dependencies: Map<string, Set<string>>, resolved: Map<string, Cost>): string {
  const seen = new Set<string>();
  let name = [...dependencies.keys()].find((candidate) => !resolved.has(candidate)) as string;
  while (!seen.has(name)) {
    seen.add(name);
    name = [...(dependencies.get(name) ?? [])].find((other) => !resolved.has(other)) as string;
  }
  return name;
}

/** The number a `first:` or `last:` argument asks for: 0 when it is not a positive number. */
function quantity(
  value: ValueNode,
  variables: Readonly<Record<string, unknown>>,
  defaults: ReadonlyMap<string, ValueNode>,
): number {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind !== Kind.VARIABLE) return 0;
  const name = value.name.value;
  if (Object.hasOwn(variables, name)) {
    const given = variables[name];
    const number = typeof given === "string" ? Number(given) : given;
    return typeof number === "number" && Number.isFinite(number) ? Math.trunc(number) : 0;
  }
  const fallback = defaults.get(name);
  return fallback?.kind === Kind.INT ? Number(fallback.value) : 1;
}

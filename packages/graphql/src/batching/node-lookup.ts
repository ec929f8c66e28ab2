import { requireNodeId } from "../node-ids/require-node-id.js";
import type { AliasedLookup } from "./aliased-lookup.js";

/** What a {@link nodeLookup} looks up, beside the parts every lookup by node ID shares. */
export interface NodeLookupSpec<TAnswer, TValue> {
  /** The operation's name, such as `UsersByNodeId`. */
  operationName: string;
  /** The prefix of the aliases: `u` names the answers `u0`, `u1`, … */
  alias: string;
  /** The node type, such as `User`: IDs of another kind are refused before sending, answers of another type are null. */
  typename: string;
  /** The fields selected on that type, a line each, nested lines indented by two spaces. */
  fields: readonly string[];
  /** What an answer of that type becomes. */
  read: (answer: TAnswer) => TValue;
}

/**
 * An aliased lookup of nodes of one type by node ID: `node(id: $n0) { __typename ... on <Type> { … } }` for each
 * ID of the `ids` argument, each ID checked to be of that kind before anything is sent, and null for an answer
 * of another type.
 */
export function nodeLookup<TAnswer, TValue>(
  spec: NodeLookupSpec<TAnswer, TValue>,
): AliasedLookup<TAnswer & { __typename: string }, TValue> {
  const { typename, read } = spec;
  return {
    operationName: spec.operationName,
    argument: "ids",
    alias: spec.alias,
    variableType: "ID!",
    field: (variable) => `node(id: ${variable})`,
    selection: ["__typename", `... on ${typename} {`, ...spec.fields.map((line) => `  ${line}`), "}"],
    check: (id, argument) => requireNodeId(id, argument, typename),
    read: (answer) => (answer.__typename === typename ? read(answer) : null),
  };
}

import { type DocumentNode, Kind, type OperationDefinitionNode, parse, print } from "graphql";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";

/** What the client needs to know of a document to send it and to decide whether it may be retried. */
export interface OperationInfo {
  /** The document's text, as sent in `query`. */
  query: string;
  /** The chosen operation's name; undefined for an anonymous operation. */
  name: string | undefined;
  type: "query" | "mutation" | "subscription";
  /**
   * The root fields the operation selects (`setRepositoryPermissionsForUsers`, …), or undefined when it selects
   * through a fragment at the root, which the retry decision then treats as unknown.
   */
  rootFields: readonly string[] | undefined;
}

const byDocument = new WeakMap<DocumentNode, Map<string, OperationInfo>>();
/** String documents are parsed once; generated-at-runtime ones (aliases) repeat, so a small cache is enough. */
const byText = new Map<string, Map<string, OperationInfo>>();
const MAX_TEXT_ENTRIES = 64;

/**
 * Parses (once per document) and describes the operation of `document` that will run: the one named
 * `operationName`, or the document's only operation.
 *
 * @throws {InvalidArgumentError} when the text does not parse, the document has no operation, or it has several
 *   and `operationName` does not pick one.
 */
export function operationInfo(document: DocumentNode | string, operationName?: string): OperationInfo {
  const key = operationName ?? "";
  let cache: Map<string, OperationInfo> | undefined;
  if (typeof document === "string") {
    cache = byText.get(document);
    if (!cache) {
      if (byText.size >= MAX_TEXT_ENTRIES) byText.delete(byText.keys().next().value as string);
      cache = new Map();
      byText.set(document, cache);
    }
  } else {
    cache = byDocument.get(document);
    if (!cache) {
      cache = new Map();
      byDocument.set(document, cache);
    }
  }
  const cached = cache.get(key);
  if (cached) return cached;
  const info = describe(document, operationName);
  cache.set(key, info);
  return info;
}

function describe(document: DocumentNode | string, operationName: string | undefined): OperationInfo {
  let ast: DocumentNode;
  if (typeof document === "string") {
    try {
      ast = parse(document, { noLocation: true });
    } catch (error) {
      throw new InvalidArgumentError(`The GraphQL document does not parse: ${(error as Error).message}`, {
        argument: "document",
      });
    }
  } else {
    ast = document;
  }
  const operations = ast.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    operationName === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((candidate) => candidate.name?.value === operationName);
  if (!operation) {
    const names = operations.map((candidate) => candidate.name?.value ?? "(anonymous)").join(", ");
    throw new InvalidArgumentError(
      operationName === undefined
        ? `The GraphQL document holds ${operations.length} operations (${names || "none"}); pass operationName to choose one.`
        : `The GraphQL document has no operation named ${JSON.stringify(operationName)} (it has: ${names || "none"}).`,
      { argument: "operationName" },
    );
  }
  const selections = operation.selectionSet.selections;
  const rootFields = selections.every((selection) => selection.kind === Kind.FIELD)
    ? selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : ""))
    : undefined;
  return {
    query: typeof document === "string" ? document : print(document),
    name: operation.name?.value,
    type: operation.operation as OperationInfo["type"],
    rootFields,
  };
}

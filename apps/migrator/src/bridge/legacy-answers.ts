import { redactText } from "@sgkit/core/internal";
import { decodeNodeId } from "@sgkit/graphql";

// What the bridge answers a legacy client, in the shape and, where one exists, the words of the real server
// (/work/shared/docs/sourcegraph-api-facts.md): execution errors come as HTTP 200 with `{errors, data}`, each error
// `{message, path}` and no `extensions.code`; a failed field of a non-null type (`EmptyResponse!`) nulls the whole
// `data`; the mutation's success is `{"alwaysNil": null}` under the field's response key (its alias, or its name).

/** Sourcegraph's `auth.ErrMustBeSiteAdmin` (public source, internal/auth/site_admin.go). */
export const MUST_BE_SITE_ADMIN = "must be site admin";
/** Sourcegraph's `auth.ErrNotAuthenticated`. */
export const NOT_AUTHENTICATED = "not authenticated";
/** The instance's message without the "Explicit Permissions API" license feature (public source, internal/licensing). */
export const FEATURE_NOT_ACTIVATED =
  'The feature "explicit-permissions-api" is not activated in your Sourcegraph license. Upgrade your Sourcegraph subscription to use this feature.';

/** One GraphQL error. */
export interface GraphQLErrorBody {
  readonly message: string;
  readonly path?: readonly string[];
}

/** The body of a GraphQL answer: `data` for the fields that succeeded, or `errors` and `data: null`. */
export function legacyAnswer(responseKeys: readonly string[], errors: readonly GraphQLErrorBody[]): string {
  if (errors.length > 0) {
    return JSON.stringify({
      errors: errors.map((error) => ({
        message: redactText(error.message),
        ...(error.path ? { path: error.path } : {}),
      })),
      data: null,
    });
  }
  return JSON.stringify({ data: Object.fromEntries(responseKeys.map((key) => [key, { alwaysNil: null }])) });
}

/** Sourcegraph's ids are int32. */
const MAX_ID = 2 ** 31 - 1;

/**
 * The numeric id of the repository a legacy call names by node ID, or the error the instance answers for it, in the
 * words the emulator gives for the argument `repository` (a node ID of another kind, a key that is no id, an ID that
 * does not decode). The wording of these three is the emulator's, not read in public source: inferred.
 */
export function repositoryIdOf(node: string): { readonly id: number } | { readonly message: string } {
  let decoded: ReturnType<typeof decodeNodeId>;
  try {
    decoded = decodeNodeId(node);
  } catch (error) {
    return { message: `repository: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (decoded.kind !== "Repository") {
    return { message: `repository: ${JSON.stringify(node)} is a ${decoded.kind} ID, not a Repository ID` };
  }
  const key = decoded.key;
  if (typeof key !== "number" || !Number.isInteger(key) || key < 1 || key > MAX_ID) {
    return { message: `repository: ${JSON.stringify(node)} is not a valid Repository ID` };
  }
  return { id: key };
}

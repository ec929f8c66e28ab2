import { databaseIdOf } from "../node-ids/database-id-of.js";

/** A user as the batched lookups give it. */
export interface UserNode {
  /** The opaque node ID (`VXNlcjo0NTY=`), what GraphQL arguments take. */
  id: string;
  /** The numeric id the node ID holds (`456`), what the HTTP API names as `users/456`. */
  databaseId: number;
  username: string;
  /** The primary email, when the user has one and the viewer may see it (the user or a site admin). */
  primaryEmail?: string;
}

/** The fields of a user the lookups select, and what {@link userNode} reads. */
export const USER_NODE_SELECTION: readonly string[] = ["id", "username", "primaryEmail {", "  email", "}"];

/** The answer to {@link USER_NODE_SELECTION}. */
export interface UserNodeAnswer {
  id: string;
  username: string;
  primaryEmail: { email: string } | null;
}

/** A {@link UserNode} from the fields of {@link USER_NODE_SELECTION}. */
export function userNode(answer: UserNodeAnswer): UserNode {
  const user: UserNode = {
    id: answer.id,
    databaseId: databaseIdOf(answer.id, "User"),
    username: answer.username,
  };
  if (answer.primaryEmail) user.primaryEmail = answer.primaryEmail.email;
  return user;
}

import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { describeValue } from "./describe-value.js";
import { MAX_NUMERIC_ID, parseNumericId } from "./parse-numeric-id.js";
import { parseUserPart } from "./parse-user-part.js";

/**
 * A user as the client's methods take it: a numeric id (`456`), `@username`, an email address, or a resource
 * name that is already one of these (`users/456`, `users/@alice`, `users/alice@example.com`).
 */
export type UserInput = number | string;

/**
 * The resource name of a user: `users/456`, `users/@alice` or `users/alice@example.com`, from any
 * {@link UserInput}. A bare `alice` is refused rather than guessed: it could be a username missing its `@`, or a
 * typo of an email address, and the two name different people.
 *
 * @throws {InvalidResourceNameError} when the value is none of the documented forms.
 */
export function userName(user: UserInput): string {
  if (typeof user === "number") {
    const id = parseNumericId(user);
    if (id !== undefined) return `users/${id}`;
  } else if (typeof user === "string") {
    const part = user.startsWith("users/") ? user.slice("users/".length) : user;
    if (parseUserPart(part) !== undefined) return `users/${part}`;
  }
  throw new InvalidResourceNameError(
    `Invalid user ${describeValue(user)}: expected a numeric user id (456; 1 to ${MAX_NUMERIC_ID}), @username, an email address, or ` +
      "users/{numeric id}, users/@{username} or users/{email}.",
    { value: user, resourceKind: "user" },
  );
}

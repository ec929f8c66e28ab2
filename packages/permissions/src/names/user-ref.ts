/**
 * A user as the explicit permissions API names it, in one of its three documented forms: the numeric id
 * (`users/456`), the username (`users/@alice`) or an email address (`users/alice@example.com`, case-sensitive).
 */
export type UserRef =
  | { form: "id"; id: number }
  | { form: "username"; username: string }
  | { form: "email"; email: string };

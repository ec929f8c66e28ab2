/** A user as a resource name names it: `users/456`, `users/@alice` or `users/alice@example.com`. */
export type UserKey =
  | { readonly kind: "id"; readonly id: number }
  | { readonly kind: "username"; readonly username: string }
  | { readonly kind: "email"; readonly email: string };

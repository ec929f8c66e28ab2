/**
 * A seed that cannot be loaded. The message starts with the path of the field at fault, such as
 * `seed.users[3].username: ...`, and never holds a token value.
 */
export class SeedError extends Error {
  override readonly name = "SeedError";
  /** The path of the field at fault, such as `seed.users[3].username`. */
  readonly path: string;

  constructor(path: string, problem: string, options?: ErrorOptions) {
    super(`${path}: ${problem}`, options);
    this.path = path;
  }
}

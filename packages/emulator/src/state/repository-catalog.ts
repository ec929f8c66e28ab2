/** A repository of the emulated instance. */
export interface Repository {
  /** The numeric id, as in `repositories/123`. */
  readonly id: number;
  /** The name, such as `github.com/acme/api`. */
  readonly name: string;
  /** The files of its default branch, path → content, for search. */
  readonly files: ReadonlyMap<string, string>;
  /** Whether every user may read it regardless of permissions (set through GraphQL). */
  unrestricted: boolean;
}

/** The repositories, looked up by id or name. */
export class RepositoryCatalog {
  readonly #byId = new Map<number, Repository>();
  readonly #byName = new Map<string, Repository>();

  /** How many repositories there are. */
  get size(): number {
    return this.#byId.size;
  }

  /** Adds a repository; throws when its id or name is taken. */
  add(repository: Repository): void {
    if (this.#byId.has(repository.id)) throw new Error(`repository id ${repository.id} is taken`);
    if (this.#byName.has(repository.name)) {
      throw new Error(`repository name ${JSON.stringify(repository.name)} is taken`);
    }
    this.#byId.set(repository.id, repository);
    this.#byName.set(repository.name, repository);
  }

  /** The repository with this id. */
  byId(id: number): Repository | undefined {
    return this.#byId.get(id);
  }

  /** The repository with exactly this name. */
  byName(name: string): Repository | undefined {
    return this.#byName.get(name);
  }

  /** Every repository, by id. */
  all(): Repository[] {
    return [...this.#byId.values()].sort((a, b) => a.id - b.id);
  }
}

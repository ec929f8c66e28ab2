import { citextKey } from "./accounts.js";

/** A repository of the emulated instance. */
export interface Repository {
  /** The numeric id, as in `repositories/123`. */
  readonly id: number;
  /** The name, such as `github.com/acme/api`. Kept as given; matched in any case (`repo.name` is `citext`). */
  readonly name: string;
  /** The files of its default branch, path → content, for search. */
  readonly files: ReadonlyMap<string, string>;
  /** Whether every user may read it regardless of permissions (set through GraphQL). */
  unrestricted: boolean;
}

/** A page of repositories: the repositories, in the listing's order, and whether more follow them. */
export interface RepositoryPage {
  readonly repositories: Repository[];
  readonly more: boolean;
}

/**
 * The repositories, looked up by id or name (in any case, as Sourcegraph's `citext` column `repo.name` compares,
 * public source `internal/database/schema.md`), and listed by id.
 */
export class RepositoryCatalog {
  readonly #byId = new Map<number, Repository>();
  readonly #byName = new Map<string, Repository>();
  // The repositories by id, built when first needed and kept while ids are added in ascending order (as seeds
  // do), so listings neither sort nor copy the catalog per call.
  #sorted: Repository[] | undefined;
  // The repositories by name (compared as citext does, in any case), then id: built when first needed, dropped
  // when one is added.
  #sortedByName: Repository[] | undefined;

  /** How many repositories there are. */
  get size(): number {
    return this.#byId.size;
  }

  /** Adds a repository; throws when its id or name (in any case) is taken. */
  add(repository: Repository): void {
    if (this.#byId.has(repository.id)) throw new Error(`repository id ${repository.id} is taken`);
    if (this.#byName.has(citextKey(repository.name))) {
      throw new Error(`repository name ${JSON.stringify(repository.name)} is taken`);
    }
    this.#byId.set(repository.id, repository);
    this.#byName.set(citextKey(repository.name), repository);
    const last = this.#sorted?.at(-1);
    if (this.#sorted && (last === undefined || repository.id > last.id)) this.#sorted.push(repository);
    else this.#sorted = undefined;
    this.#sortedByName = undefined;
  }

  /** The repository with this id. */
  byId(id: number): Repository | undefined {
    return this.#byId.get(id);
  }

  /** The repository with this name, in any case (`github.com/ACME/api` finds `github.com/acme/api`). */
  byName(name: string): Repository | undefined {
    return this.#byName.get(citextKey(name));
  }

  /** Every repository, by id. */
  all(): Repository[] {
    return [...this.#byIdOrder()];
  }

  /**
   * Up to `limit` repositories with an id above `after` (0 for the first page) that `include` accepts, by id,
   * and whether another accepted one follows. It starts at `after` with a binary search, so reading every page
   * of a listing walks the catalog once in all.
   */
  page(after: number, limit: number, include?: (repository: Repository) => boolean): RepositoryPage {
    const sorted = this.#byIdOrder();
    return pageFrom(
      sorted,
      firstAfter(sorted, (repository) => repository.id <= after),
      limit,
      include,
    );
  }

  /**
   * Up to `limit` repositories after `after` (undefined for the first page) that `include` accepts, ordered by
   * name in any case and then by id, as Sourcegraph's `Query.repositories` orders by default (public source,
   * cmd/frontend/graphqlbackend/repositories.go: `orderBy := "REPOSITORY_NAME"`, then `id`); and whether another
   * accepted one follows. Starts at `after` with a binary search.
   */
  pageByName(
    after: Repository | undefined,
    limit: number,
    include?: (repository: Repository) => boolean,
  ): RepositoryPage {
    const sorted = this.#byNameOrder();
    const start = after ? firstAfter(sorted, (repository) => compareByName(repository, after) <= 0) : 0;
    return pageFrom(sorted, start, limit, include);
  }

  #byNameOrder(): Repository[] {
    this.#sortedByName ??= [...this.#byId.values()].sort(compareByName);
    return this.#sortedByName;
  }

  #byIdOrder(): Repository[] {
    this.#sorted ??= [...this.#byId.values()].sort((a, b) => a.id - b.id);
    return this.#sorted;
  }
}

/** Name in any case (as a `citext` column sorts), then id. */
function compareByName(a: Repository, b: Repository): number {
  const left = citextKey(a.name);
  const right = citextKey(b.name);
  return left < right ? -1 : left > right ? 1 : a.id - b.id;
}

/**
 * The index of the first of `sorted` past those `atOrBefore` holds for (a prefix, in `sorted`'s order), by binary
 * search: where a page after a given repository starts.
 */
function firstAfter(sorted: readonly Repository[], atOrBefore: (repository: Repository) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (atOrBefore(sorted[middle] as Repository)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Up to `limit` of `sorted` from `start` on that `include` accepts, and whether another accepted one follows. */
function pageFrom(
  sorted: readonly Repository[],
  start: number,
  limit: number,
  include?: (repository: Repository) => boolean,
): RepositoryPage {
  const repositories: Repository[] = [];
  for (let index = start; index < sorted.length; index++) {
    const repository = sorted[index] as Repository;
    if (include && !include(repository)) continue;
    if (repositories.length === limit) return { repositories, more: true };
    repositories.push(repository);
  }
  return { repositories, more: false };
}

import { describe, expect, it } from "vitest";
import { type Repository, RepositoryCatalog } from "./repository-catalog.js";

const repository = (id: number, unrestricted = false): Repository => ({
  id,
  name: `github.com/acme/r${id}`,
  files: new Map(),
  unrestricted,
});

describe("RepositoryCatalog", () => {
  it("finds repositories by id and by name in any case, lists them by id, and refuses duplicates", () => {
    const catalog = new RepositoryCatalog();
    catalog.add({ id: 9, name: "github.com/acme/b", files: new Map(), unrestricted: false });
    catalog.add({ id: 3, name: "github.com/acme/a", files: new Map([["a.txt", "a"]]), unrestricted: true });
    expect(catalog.byName("github.com/acme/a")?.id).toBe(3);
    // repo.name is citext: any case finds the repository, which keeps its name as given.
    expect(catalog.byName("github.com/Acme/A")?.name).toBe("github.com/acme/a");
    expect(catalog.byName("github.com/acme/c")).toBeUndefined();
    expect(catalog.byId(9)?.name).toBe("github.com/acme/b");
    expect(catalog.all().map((repository) => repository.id)).toEqual([3, 9]);
    expect(() => catalog.add({ id: 3, name: "x", files: new Map(), unrestricted: false })).toThrow(
      /id 3 is taken/,
    );
    expect(() =>
      catalog.add({ id: 4, name: "github.com/acme/a", files: new Map(), unrestricted: false }),
    ).toThrow(/name "github.com\/acme\/a" is taken/);
    expect(() =>
      catalog.add({ id: 4, name: "GitHub.com/acme/A", files: new Map(), unrestricted: false }),
    ).toThrow(/name "GitHub.com\/acme\/A" is taken/);
  });

  it("lists by id whatever the order of addition, also after additions between listings", () => {
    const catalog = new RepositoryCatalog();
    for (const id of [5, 1, 3]) catalog.add(repository(id));
    expect(catalog.all().map((r) => r.id)).toEqual([1, 3, 5]);
    catalog.add(repository(9));
    catalog.add(repository(2));
    expect(catalog.all().map((r) => r.id)).toEqual([1, 2, 3, 5, 9]);
    // all() is a copy: changing it changes nothing.
    catalog.all().pop();
    expect(catalog.size).toBe(5);
    expect(catalog.page(0, 10).repositories.map((r) => r.id)).toEqual([1, 2, 3, 5, 9]);
  });

  it("pages after an id, including only what `include` accepts, and says whether more follow", () => {
    const catalog = new RepositoryCatalog();
    for (let id = 1; id <= 10; id++) catalog.add(repository(id, id % 3 === 0));
    expect(catalog.page(0, 4)).toMatchObject({ more: true });
    expect(catalog.page(4, 4).repositories.map((r) => r.id)).toEqual([5, 6, 7, 8]);
    expect(catalog.page(8, 4)).toMatchObject({ more: false });
    expect(catalog.page(8, 2).repositories.map((r) => r.id)).toEqual([9, 10]);
    expect(catalog.page(8, 2).more).toBe(false);
    const unrestricted = (r: Repository) => r.unrestricted;
    expect(catalog.page(0, 2, unrestricted)).toEqual({
      repositories: [catalog.byId(3), catalog.byId(6)],
      more: true,
    });
    expect(catalog.page(6, 2, unrestricted)).toEqual({ repositories: [catalog.byId(9)], more: false });
    // A cursor between ids, or past the end.
    expect(catalog.page(2.5, 1).repositories.map((r) => r.id)).toEqual([3]);
    expect(catalog.page(10, 5)).toEqual({ repositories: [], more: false });
    expect(catalog.page(0, 0, unrestricted)).toEqual({ repositories: [], more: true });
  });

  it("refuses a taken id or name", () => {
    const catalog = new RepositoryCatalog();
    catalog.add(repository(1));
    expect(() => catalog.add(repository(1))).toThrow(/repository id 1 is taken/);
    expect(() => catalog.add({ ...repository(2), name: "github.com/acme/r1" })).toThrow(/name .* is taken/);
  });
});

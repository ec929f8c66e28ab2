/** An organization: a namespace (for search contexts) with members. */
export interface Org {
  /** The numeric id. */
  readonly id: number;
  /** The name, as in `@acme/context`. Orgs and users share one namespace. */
  readonly name: string;
  /** The ids of its members. */
  readonly memberIds: ReadonlySet<number>;
}

/** The organizations, looked up by id or name. */
export class OrgDirectory {
  readonly #byId = new Map<number, Org>();
  readonly #byName = new Map<string, Org>();

  /** How many organizations there are. */
  get size(): number {
    return this.#byId.size;
  }

  /** Adds an organization; throws when its id or name is taken. */
  add(org: Org): void {
    if (this.#byId.has(org.id)) throw new Error(`org id ${org.id} is taken`);
    if (this.#byName.has(org.name)) throw new Error(`org name ${JSON.stringify(org.name)} is taken`);
    this.#byId.set(org.id, org);
    this.#byName.set(org.name, org);
  }

  /** The organization with this id. */
  byId(id: number): Org | undefined {
    return this.#byId.get(id);
  }

  /** The organization with exactly this name. */
  byName(name: string): Org | undefined {
    return this.#byName.get(name);
  }

  /** Whether the user is a member of the organization (false when there is no such organization). */
  isMember(orgId: number, userId: number): boolean {
    return this.#byId.get(orgId)?.memberIds.has(userId) ?? false;
  }

  /** The organizations the user belongs to, by id. */
  orgsOf(userId: number): Org[] {
    return this.all().filter((org) => org.memberIds.has(userId));
  }

  /** Every organization, by id. */
  all(): Org[] {
    return [...this.#byId.values()].sort((a, b) => a.id - b.id);
  }
}

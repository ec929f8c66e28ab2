import { describe, expect, it } from "vitest";
import { collect } from "../../test/support/records.js";
import { useTempDir } from "../../test/support/temp-files.js";
import type { AclRecord } from "./input-types.js";
import { readWinningRecords } from "./read-winning-records.js";
import { HarFragmentParser } from "./recorded-calls.js";
import { scanInputs } from "./scan-inputs.js";

const tmp = useTempDir();

const R1 = "UmVwb3NpdG9yeToxMjM="; // Repository:123
const R2 = "UmVwb3NpdG9yeTo0NTY="; // Repository:456
const USER = "VXNlcjo0NTY="; // User:456

const SET =
  "mutation Set($repo: ID!, $perms: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: $repo, userPermissions: $perms) { alwaysNil } }";

function set(repository: string, ...bindIDs: string[]) {
  return {
    query: SET,
    variables: { repo: repository, perms: bindIDs.map((bindID) => ({ bindID })) },
    operationName: "Set",
  };
}

const unrestricted = {
  query: `mutation { setRepositoryPermissionsUnrestricted(repositories: ["${R2}"], unrestricted: true) { alwaysNil } }`,
};
const whoAmI = { query: "query WhoAmI { currentUser { username } }", variables: {}, operationName: "WhoAmI" };
const twoInOne = {
  query: `mutation { a: setRepositoryPermissionsForUsers(repository: "${R2}", userPermissions: [{bindID: "x"}]) { alwaysNil } b: setRepositoryPermissionsForUsers(repository: "${R2}", userPermissions: [{bindID: " y "}, {bindID: "y"}, {bindID: ""}]) { alwaysNil } }`,
};

const ndjson = (...values: unknown[]) => values.map((value) => `${JSON.stringify(value)}\n`).join("");

/** The winning records, as repository → bindIDs, and the index of the scan. */
async function read(paths: string[], format?: "har" | "ndjson" | "json") {
  const index = await scanInputs(paths, format ? { format } : {});
  const records: AclRecord[] = await collect(readWinningRecords(index));
  return {
    index,
    winners: Object.fromEntries(records.map((r) => [r.repository, r.users.map((u) => u.bindId)])),
  };
}

function harEntry(method: string, url: string, body?: unknown) {
  return {
    startedDateTime: "2026-12-07T10:00:00.000Z",
    request: {
      method,
      url,
      headers: [],
      ...(body === undefined
        ? {}
        : { postData: { mimeType: "application/json", text: JSON.stringify(body) } }),
    },
    response: { status: 200, content: { size: 40, text: '{"data":{"x":{"alwaysNil":null}}}' } },
  };
}

function har(...entries: unknown[]) {
  return JSON.stringify(
    { log: { version: "1.2", creator: { name: "test", version: "1" }, entries } },
    null,
    1,
  );
}

describe("recorded GraphQL requests as input", () => {
  it("reads NDJSON requests: the last call per repository wins, across files and fields; others are counted", async () => {
    const first = await tmp.write(
      "calls.ndjson",
      ndjson(
        set(R1, "alice", "bob"),
        whoAmI,
        unrestricted,
        twoInOne,
        whoAmI,
        set(R1, "carol", "carol", "  "),
      ),
    );
    const { index, winners } = await read([first]);
    expect(winners).toEqual({ [R1]: ["carol"], [R2]: ["y"] });
    expect(index.files[0]).toMatchObject({
      format: "ndjson",
      records: 4,
      droppedBlankBindIds: 0,
      calls: {
        requests: 6,
        setPermissions: 4,
        notMigratable: { setRepositoryPermissionsUnrestricted: 1 },
        otherOperations: { WhoAmI: 2 },
      },
    });
    expect(index.repositories.get(R1)).toMatchObject({ line: 6 });

    const later = await tmp.write("later.json", JSON.stringify([set(R2, "zed"), set(R1)]));
    expect((await read([first, later])).winners).toEqual({ [R1]: [], [R2]: ["zed"] });
  });

  it("reads batches: an NDJSON line or a JSON record that is an array of requests", async () => {
    const path = await tmp.write(
      "batches.ndjson",
      ndjson([whoAmI, set(R1, "a")], set(R2, "b"), [set(R1, "c"), set(R2, "d")]),
    );
    const { index, winners } = await read([path]);
    expect(winners).toEqual({ [R1]: ["c"], [R2]: ["d"] });
    expect(index.files[0]?.calls).toMatchObject({ requests: 5, setPermissions: 4 });
    const bad = await tmp.write("bad-batch.ndjson", ndjson(set(R1, "a"), [set(R1, "b"), { query: "{" }]));
    await expect(scanInputs([bad])).rejects.toThrow(`${bad}:2: field "[1][1]": GraphQL 1:2: Syntax Error`);
  });

  it("names an anonymous other operation by its fields", async () => {
    const path = await tmp.write(
      "anon.ndjson",
      ndjson({ query: "{ site { id } currentUser { id } a b c }" }, set(R1, "a")),
    );
    const { index } = await read([path]);
    expect(index.files[0]?.calls?.otherOperations).toEqual({ "query { site currentUser a … }": 1 });
  });

  it("refuses a bad request with the entry's index, file and line, and the parser's error", async () => {
    const path = await tmp.write(
      "bad.ndjson",
      ndjson(set(R1, "a"), whoAmI, { query: "mutation { setRepositoryPermissionsForUsers(repository: " }),
    );
    await expect(scanInputs([path])).rejects.toThrow(
      `${path}:3: field "[2]": GraphQL 1:57: Syntax Error: Unexpected <EOF>.`,
    );
    const variables = await tmp.write(
      "vars.json",
      `[\n${JSON.stringify(set(R1, "a"))},\n${JSON.stringify({ ...set(R1), variables: { repo: R1 } })}\n]`,
    );
    await expect(scanInputs([variables])).rejects.toThrow(
      `${variables}:3: field "[1]": GraphQL 1:26: variable "$perms": Variable "$perms" of required type "[UserPermissionInput!]!" was not provided.`,
    );
  });

  it("refuses a repository that is not a Repository node ID", async () => {
    const path = await tmp.write("user-id.ndjson", ndjson(set(USER, "a")));
    await expect(scanInputs([path])).rejects.toThrow(
      `${path}:1: field "[0]": GraphQL 1:61: field "setRepositoryPermissionsForUsers": the repository "${USER}" is not a repository's node ID`,
    );
    const name = await tmp.write("name.ndjson", ndjson(set("github.com/acme/api", "a")));
    await expect(scanInputs([name])).rejects.toThrow(
      'the repository "github.com/acme/api" is not a repository',
    );
  });

  it("never misreads an ACL file, and keeps one kind of record per file", async () => {
    const acl = await tmp.write("acl.ndjson", ndjson({ repository: "github.com/acme/api", users: ["a"] }));
    const { index, winners } = await read([acl]);
    expect(winners).toEqual({ "github.com/acme/api": ["a"] });
    expect(index.files[0]?.calls).toBeUndefined();
    const mixed = await tmp.write("mixed.ndjson", ndjson({ repository: "x", users: [] }, set(R1, "a")));
    await expect(scanInputs([mixed])).rejects.toThrow(
      `${mixed}:2: field "[1]": a GraphQL request (it has "query") in a file of ACL records: a file holds one kind of record`,
    );
    const other = await tmp.write("other.ndjson", ndjson(set(R1, "a"), { repository: "x", users: [] }));
    await expect(scanInputs([other])).rejects.toThrow(
      `${other}:2: field "[1]": an ACL record in a file of recorded GraphQL requests`,
    );
  });

  it("refuses a file of requests without a permission call, and a HAR file read as JSON", async () => {
    const queries = await tmp.write("queries.ndjson", ndjson(whoAmI, unrestricted));
    await expect(scanInputs([queries])).rejects.toThrow(
      `${queries}: no setRepositoryPermissionsForUsers call among this file's 2 GraphQL requests`,
    );
    const harAsJson = await tmp.write("session.json", har());
    await expect(scanInputs([harAsJson])).rejects.toThrow(
      `${harAsJson}:1: this is a HAR file: name it .har or pass --format har`,
    );
  });
});

describe("HAR files", () => {
  const endpoint = "https://sourcegraph.example.com/.api/graphql";

  it("reads POSTs to /.api/graphql (any query string), single and batched; skips and counts the rest", async () => {
    const path = await tmp.write(
      "session.har",
      har(
        harEntry("GET", "https://sourcegraph.example.com/search?q=x"),
        harEntry("POST", `${endpoint}?Set`, set(R1, "alice")),
        harEntry("POST", "https://sourcegraph.example.com/.api/search/stream", { query: "x" }),
        harEntry("GET", endpoint),
        harEntry("POST", `${endpoint}?batch`, [whoAmI, set(R2, "bob"), set(R1, "carol")]),
        harEntry("POST", endpoint, unrestricted),
      ),
    );
    const { index, winners } = await read([path]);
    expect(winners).toEqual({ [R1]: ["carol"], [R2]: ["bob"] });
    expect(index.files[0]).toMatchObject({
      format: "har",
      records: 3,
      calls: {
        requests: 5,
        setPermissions: 3,
        notMigratable: { setRepositoryPermissionsUnrestricted: 1 },
        otherOperations: { WhoAmI: 1 },
        skippedEntries: 3,
      },
    });
    // Each entry's records are at the line where it starts.
    expect(index.repositories.get(R2)).toMatchObject({ line: 77 });
    // --format har reads a HAR whatever its name.
    const named = await tmp.write("session-har.json", har(harEntry("POST", endpoint, set(R1, "dave"))));
    expect((await read([named], "har")).winners).toEqual({ [R1]: ["dave"] });
  });

  it("refuses a bad entry by its index: a bad document, a body that is not JSON, a POST without its body", async () => {
    const bad = await tmp.write(
      "bad.har",
      har(
        harEntry("POST", endpoint, set(R1, "a")),
        harEntry("POST", endpoint, [whoAmI, { query: "mutation {" }]),
      ),
    );
    await expect(scanInputs([bad])).rejects.toThrow(
      `${bad}:28: field "log.entries[1].request.postData.text[1]": GraphQL 1:11: Syntax Error: Expected Name, found <EOF>.`,
    );
    const notJson = await tmp.write(
      "not-json.har",
      JSON.stringify({
        log: {
          version: "1.2",
          entries: [{ request: { method: "POST", url: endpoint, postData: { text: "query=x" } } }],
        },
      }),
    );
    await expect(scanInputs([notJson])).rejects.toThrow(
      `${notJson}:1: field "log.entries[0].request.postData.text": not a JSON request body`,
    );
    const noBody = await tmp.write("no-body.har", har(harEntry("POST", endpoint)));
    await expect(scanInputs([noBody])).rejects.toThrow(
      `${noBody}:9: field "log.entries[0].request.postData.text": a POST to /.api/graphql without its body`,
    );
  });

  it("refuses what is not a HAR file, and invalid JSON", async () => {
    const acl = await tmp.write("acl.har", JSON.stringify([{ repository: "a", users: [] }]));
    await expect(scanInputs([acl])).rejects.toThrow(`${acl}: not a HAR file`);
    const broken = await tmp.write("broken.har", `{"log": {"version": "1.2", "entries": [{"request": `);
    await expect(scanInputs([broken])).rejects.toThrow(
      `${broken}:1: field "log.entries[0]": invalid JSON: the file ends inside a value (cut short?)`,
    );
  });

  it("gives each entry's records the line it starts on, whatever the chunks", () => {
    const text = new TextEncoder().encode(
      har(
        harEntry("GET", endpoint),
        harEntry("POST", endpoint, [set(R1, "a"), set(R2, "b")]),
        harEntry("POST", endpoint, set(R1, "c")),
      ),
    );
    const read = (size: number) => {
      const lines: [string, number][] = [];
      const parser = new HarFragmentParser("f.har", (fragment) =>
        lines.push([fragment.repository, fragment.line]),
      );
      for (let at = 0; at < text.length; at += size) parser.push(text.subarray(at, at + size));
      parser.end();
      return lines;
    };
    const whole = read(text.length);
    expect(whole).toEqual([
      [R1, 24],
      [R2, 24],
      [R1, 43],
    ]);
    expect(read(7)).toEqual(whole);
    expect(read(1)).toEqual(whole);
  });

  it("says what is wrong with invalid JSON and where, without quoting what it read", async () => {
    const unexpected = await tmp.write(
      "x.har",
      '{"log": {"version": "1.2",\n "entries": [\n  {"request": "sgp_x" x',
    );
    await expect(scanInputs([unexpected])).rejects.toThrow(
      `${unexpected}:3: field "log.entries[0]": invalid JSON: unexpected "x"`,
    );
    const nul = await tmp.write("nul.har", '{"log": {"version": "1.2",\n "creator": "a\u0000b"}}');
    await expect(scanInputs([nul])).rejects.toThrow(
      `${nul}:2: invalid JSON: NUL byte: this is not a text file`,
    );
  });

  it("streams entries: each is read once it is closed, before the file ends", () => {
    const seen: string[] = [];
    const parser = new HarFragmentParser("f.har", (fragment) => seen.push(fragment.repository));
    const text = har(harEntry("POST", endpoint, set(R1, "a")), harEntry("POST", endpoint, set(R2, "b")));
    const cut = text.indexOf('"startedDateTime"', text.indexOf('"startedDateTime"') + 1);
    parser.push(new TextEncoder().encode(text.slice(0, cut)));
    expect(seen).toEqual([R1]);
    parser.push(new TextEncoder().encode(text.slice(cut)));
    parser.end();
    expect(seen).toEqual([R1, R2]);
  });
});

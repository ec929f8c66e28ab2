import { describe, expect, it } from "vitest";
import { liveMemory } from "../../test/support/live-memory.js";
import { HarFragmentParser } from "./recorded-calls.js";

const MIB = 1024 * 1024;
const SET =
  "mutation($repo: ID!, $perms: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: $repo, userPermissions: $perms) { alwaysNil } }";

/** One HAR entry: a recorded permission call, and a response body of `bodyBytes` (as a page's script would be). */
function entry(i: number, bodyBytes: number): string {
  return JSON.stringify({
    startedDateTime: "2026-12-07T10:00:00.000Z",
    request: {
      method: "POST",
      url: "https://sourcegraph.example.com/.api/graphql?Set",
      headers: [],
      postData: {
        mimeType: "application/json",
        text: JSON.stringify({
          query: SET,
          variables: { repo: "UmVwb3NpdG9yeToxMjM=", perms: [{ bindID: `user-${i}` }] },
        }),
      },
    },
    response: { status: 200, content: { size: bodyBytes, text: "x".repeat(bodyBytes) } },
  });
}

describe("HarFragmentParser's memory", () => {
  it("holds one entry at a time: the live memory does not grow with the entries read", () => {
    // 192 entries of 512 KiB: 96 MiB of HAR, fed as a file would be, in 128 KiB chunks.
    const entries = 192;
    const encoder = new TextEncoder();
    const parser = new HarFragmentParser("big.har", () => {});
    const push = (text: string) => {
      const bytes = encoder.encode(text);
      for (let at = 0; at < bytes.length; at += 128 * 1024) parser.push(bytes.subarray(at, at + 128 * 1024));
    };
    const memory: number[] = [];
    push('{"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [\n');
    for (let i = 0; i < entries; i++) {
      push(`${i === 0 ? "" : ",\n"}${entry(i, 512 * 1024)}`);
      if (i === Math.floor(entries * 0.1) || i === Math.floor(entries * 0.9))
        memory.push(liveMemory() ?? Number.NaN);
    }
    push("\n]}}\n");
    parser.end();
    expect(parser.calls).toMatchObject({ requests: entries, setPermissions: entries });
    const [early = 0, late = 0] = memory;
    // 77 MiB of entries lie between the two measures: holding them would show; a few entries' worth would not.
    expect(late - early).toBeLessThan(16 * MIB);
  });
});

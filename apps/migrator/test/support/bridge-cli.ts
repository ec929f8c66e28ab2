import { main } from "../../src/cli/main.js";

// `sgkit-migrate bridge` run in-process for the end-to-end tests, and the legacy mutation its clients send.

/** The legacy API's `setRepositoryPermissionsForUsers`, as a script sends it to the bridge. */
export const LEGACY_MUTATION =
  "mutation SetPerms($repository: ID!, $userPermissions: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil } }";

/** A running `sgkit-migrate bridge`, in-process. */
export interface RunningBridge {
  readonly url: string;
  stderr(): string;
  /** Stops it as Ctrl-C does and resolves with its exit status and output (the same each call). */
  stop(): Promise<{ status: number; stdout: string; stderr: string }>;
}

/**
 * Starts `sgkit-migrate bridge --listen 127.0.0.1:0 ...args` in-process with `env`, and resolves once it listens
 * (with the URL it prints first on stdout); rejects if it exits before. The caller stops it.
 */
export async function startBridgeCli(
  env: Record<string, string | undefined>,
  args: readonly string[],
  internal?: Parameters<typeof main>[1]["internal"],
): Promise<RunningBridge> {
  let stdout = "";
  let stderr = "";
  const stop = new AbortController();
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  const status = main(["bridge", "--listen", "127.0.0.1:0", ...args], {
    stdout: {
      write: (text: string) => {
        stdout += text;
        const first = /^(http:\/\/\S+)\n/.exec(stdout);
        if (first) listening(first[1] as string);
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    stop: stop.signal,
    ...(internal ? { internal } : {}),
  });
  const running = await Promise.race([
    url,
    status.then((code) => {
      throw new Error(`the bridge exited with ${code} before listening: ${stderr}`);
    }),
  ]);
  let stopped: Promise<{ status: number; stdout: string; stderr: string }> | undefined;
  return {
    url: running,
    stderr: () => stderr,
    stop() {
      stopped ??= (async () => {
        stop.abort(new DOMException("Interrupted", "AbortError"));
        return { status: await status, stdout, stderr };
      })();
      return stopped;
    },
  };
}

// The emulator of the grant-throughput benchmark, on its own thread: like a real server on another machine, its
// work does not share the event loop (and the one core) of the client being measured.
import { parentPort, workerData } from "node:worker_threads";
import { type EmulatorSeed, startEmulator } from "@sgkit/emulator";

interface WorkerData {
  repositories: number;
  users: number;
}

const { repositories, users } = workerData as WorkerData;
const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true },
    ...Array.from({ length: users }, (_, i) => ({ id: 100 + i, username: `user${100 + i}` })),
  ],
  repositories: Array.from({ length: repositories }, (_, i) => ({
    id: 1 + i,
    name: `github.com/bench/r${1 + i}`,
  })),
  tokens: [{ name: "bench", user: "admin", scopes: ["externalapi:write"] }],
};

// Capacity model off and no faults: only the HTTP server and the method itself.
const emulator = await startEmulator({ seed });
parentPort?.postMessage({ type: "ready", url: emulator.url, token: emulator.token("bench") });
parentPort?.on("message", async (message: { type: string }) => {
  if (message.type === "counters") {
    parentPort?.postMessage({
      type: "counters",
      counters: emulator.counters.snapshot(),
      permissions: emulator.state.permissions.size,
    });
  } else if (message.type === "cpu") {
    const cpu = process.threadCpuUsage();
    parentPort?.postMessage({ type: "cpu", us: cpu.user + cpu.system });
  } else if (message.type === "stop") {
    await emulator.stop();
    parentPort?.close();
  }
});

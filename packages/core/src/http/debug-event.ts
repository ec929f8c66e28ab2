/**
 * What sgkit reports to a debug hook. URLs and headers are redacted copies: a hook may log them as they are.
 *
 * - `request`: an HTTP exchange is about to start. `attempt` is 1 for the first try, then counts retries.
 * - `response`: its headers arrived after `durationMs`.
 * - `retry`: attempt `attempt` will be sent after `delayMs`, because of `reason` (`status 503`, `NetworkError`, …).
 * - `retry-skipped`: the last outcome was worth a retry but none is made: the shared retry budget is spent,
 *   or the server's `Retry-After` (`delayMs`) is longer than the configured `maxDelayMs`.
 * - `refresh`: credentials refreshed a token, ahead of expiry or after a 401.
 */
export type DebugEvent =
  | { type: "request"; method: string; url: string; headers: Record<string, string>; attempt: number }
  | { type: "response"; method: string; url: string; status: number; durationMs: number; attempt: number }
  | { type: "retry"; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | {
      type: "retry-skipped";
      method: string;
      url: string;
      attempt: number;
      reason: "retry-budget-exhausted" | "retry-after-too-long";
      delayMs?: number;
    }
  | { type: "refresh"; reason: "expiring" | "unauthorized"; ok: boolean; error?: string };

/** A function that receives debug events. sgkit is silent unless one is given. */
export type DebugHook = (event: DebugEvent) => void;

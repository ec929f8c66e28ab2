/**
 * What sgkit reports to a debug hook. URLs and headers are redacted copies: a hook may log them as they are.
 */
export type DebugEvent =
  | { type: "request"; method: string; url: string; headers: Record<string, string>; attempt: number }
  | { type: "response"; method: string; url: string; status: number; durationMs: number; attempt: number }
  | { type: "retry"; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { type: "refresh"; reason: "expiring" | "unauthorized"; ok: boolean; error?: string };

/** A function that receives debug events. sgkit is silent unless one is given. */
export type DebugHook = (event: DebugEvent) => void;

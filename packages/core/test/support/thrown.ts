/**
 * What `action` throws, for a test to look at; the test fails when `action` returns instead. `T` is what the
 * test expects to catch (`unknown` unless said).
 */
export function thrown<T = unknown>(action: () => unknown): T {
  try {
    action();
  } catch (error) {
    return error as T;
  }
  throw new Error("expected an error");
}

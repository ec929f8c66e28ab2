/**
 * The error `promise` rejects with, for tests that go on to inspect it; fails (rejects) when the promise resolves
 * or rejects with something that is not an `Error`.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected a rejection, but the call succeeded");
}

import nock from "nock";
import { afterAll, afterEach, beforeAll } from "vitest";

/**
 * Puts the calling test file under nock: no real connection leaves it, and interceptors never outlive a test.
 * Only for files that make no real loopback call (nock stalls those, see CONTRIBUTING).
 */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

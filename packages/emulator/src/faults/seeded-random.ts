/**
 * A pseudo-random number in [0, 1) that depends only on its inputs: a seed and any number of parts (strings or
 * integers). Murmur3's 32-bit finalizer mixes each part in; that is plenty for spreading faults evenly, and
 * unlike a stateful generator the answer for "call 17 of Create" does not depend on what ran before it.
 */
export function seededRandom(seed: number, ...parts: ReadonlyArray<string | number>): number {
  let hash = mix((seed | 0) ^ 0x9e3779b9);
  for (const part of parts) {
    if (typeof part === "number") {
      hash = mix(hash + (part >>> 0));
      hash = mix(hash + Math.floor(part / 2 ** 32));
    } else {
      for (let i = 0; i < part.length; i++) hash = mix(hash + part.charCodeAt(i));
      hash = mix(hash + part.length);
    }
  }
  return hash / 2 ** 32;
}

function mix(value: number): number {
  let h = (value + 0x6d2b79f5) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Node's Buffer, as far as it is used here: a view whose `indexOf` is the C library's `memchr`. */
interface BufferConstructorLike {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array;
}

/**
 * `bytes`, or a view of the same memory whose `indexOf(byte, from)` is faster: where the runtime has Node's
 * `Buffer` (Node, Bun, Deno), a Buffer view, whose `indexOf` is `memchr` (tens of GB/s); elsewhere `bytes` itself
 * (V8's typed-array `indexOf` runs at about 2 GB/s, which cost the parser a tenth of its throughput end to end).
 * No copy either way. Looked up at each call, so a runtime without `Buffer` (a browser) takes the plain path.
 */
export function byteSearchView(bytes: Uint8Array): Uint8Array {
  const buffer = (globalThis as { Buffer?: BufferConstructorLike }).Buffer;
  return buffer ? buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

// Shared by the benchmark pages: the engine's .wasm with a random custom section appended, so
// that no compiled-code cache can serve it and every load measures a cold compile.

/** `bytes` with a custom section `bench-nonce` of 16 random bytes appended. */
export function withNonce(bytes) {
  const name = new TextEncoder().encode('bench-nonce');
  const body = [name.length, ...name, ...crypto.getRandomValues(new Uint8Array(16))];
  const out = new Uint8Array(bytes.length + 2 + body.length);
  out.set(bytes);
  out.set([0, body.length, ...body], bytes.length);
  return out;
}

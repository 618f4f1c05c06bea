// Preloaded into Podium by bench/zset.ts (node --expose-gc --import ./bench/gc-signal.mjs ...):
// SIGUSR2 runs a full garbage collection, so memory is measured without garbage still on the heap.
if (typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => globalThis.gc());
}

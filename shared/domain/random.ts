/**
 * mulberry32: a small seeded generator, for demo data and generated benchmark databases that
 * must come out the same on every run and machine. Not for anything secret (codes and ballot
 * keys use the platform's CSPRNG).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

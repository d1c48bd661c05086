/**
 * Event ids are pre-hashed to a number once, when a market is added, so the hot path records a
 * number instead of a string (spec 7.1). 52-bit FNV-1a (two 32-bit lanes), exact in a double.
 */
export function hashEventId(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h2 & 0xfffff) * 4294967296 + h1;
}

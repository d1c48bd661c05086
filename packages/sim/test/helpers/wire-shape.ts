/**
 * Structural fingerprints of wire JSON for conformance tests: key names in order, JSON types,
 * and for strings the kind of text (decimal, ms timestamp, 40-hex hash, token id, condition id),
 * so "a number sent as a string" or "seconds instead of ms" shows up as a difference.
 */

export type StringKind = 'empty' | 'condition-id' | 'token-id' | 'ms' | 'hash40' | 'decimal' | 'text';

export function stringKind(s: string): StringKind {
  if (s === '') return 'empty';
  if (/^0x[0-9a-f]{64}$/.test(s)) return 'condition-id';
  if (/^\d{70,80}$/.test(s)) return 'token-id';
  if (/^1\d{12}$/.test(s)) return 'ms';
  if (/^[0-9a-f]{40}$/.test(s)) return 'hash40';
  if (/^\d+(\.\d+)?$/.test(s)) return 'decimal';
  return 'text';
}

/** The fingerprint: objects as [key, shape][] in order, arrays by their first element. */
export function shape(v: unknown): unknown {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? ['array', 'empty'] : ['array', shape(v[0])];
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, shape(x)]);
  if (typeof v === 'string') return `string:${stringKind(v)}`;
  return typeof v;
}

/** Same fingerprint, but with the values of `loose` keys reduced to their JSON type. */
export function looseShape(v: unknown, loose: readonly string[]): unknown {
  if (Array.isArray(v)) return v.length === 0 ? ['array', 'empty'] : ['array', looseShape(v[0], loose)];
  if (v !== null && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, loose.includes(k) ? typeof x : looseShape(x, loose)]);
  }
  return shape(v);
}

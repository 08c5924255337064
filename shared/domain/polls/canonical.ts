/**
 * Deterministic serialisation for sealed digests. Hashing happens in the Node core; this
 * file only fixes the bytes that get hashed.
 */

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * JSON with object keys sorted (UTF-16 code unit order), no whitespace, arrays in order and
 * undefined object members left out. Throws on values JSON cannot carry faithfully
 * (NaN, Infinity, bigint, functions, class instances, undefined in arrays) rather than
 * letting them turn silently into null or "{}".
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(v: unknown, seen: Set<object>): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number ${v}`);
      return JSON.stringify(v);
    case 'object': {
      if (seen.has(v)) throw new TypeError('canonicalJson: cyclic value');
      seen.add(v);
      let out: string;
      if (Array.isArray(v)) {
        out = `[${v.map((x) => (x === undefined ? fail('undefined in array') : write(x, seen))).join(',')}]`;
      } else {
        if (!isPlainObject(v)) throw new TypeError('canonicalJson: only plain objects and arrays');
        const rec = v as Record<string, unknown>;
        const keys = Object.keys(rec)
          .filter((k) => rec[k] !== undefined)
          .sort();
        out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(rec[k], seen)}`).join(',')}}`;
      }
      seen.delete(v);
      return out;
    }
    default:
      return fail(`unsupported ${typeof v}`);
  }
}

function fail(what: string): never {
  throw new TypeError(`canonicalJson: ${what}`);
}

/**
 * The ballot set as one canonical JSON array whose elements are the ballots' canonical
 * strings in sorted order, so the digest depends on the multiset of ballots and never on
 * storage order or on which clerk entered which paper sheet first.
 */
export function canonicalBallotSet(payloads: readonly unknown[]): string {
  return `[${payloads.map(canonicalJson).sort().join(',')}]`;
}

/**
 * Everything a version 2 result depends on, as one string whose SHA-256 the core stores on
 * close and recomputes when verifying: the sorted ballots and the context as canonical JSON,
 * and the definition exactly as stored. Hashing the stored definition bytes rather than a
 * re-serialisation means a later schema change (a new optional field) cannot move an old
 * digest; hashing the stored ballot strings means any change to a stored row, even one that
 * parses to the same ballot, changes the digest. Version 1 seal texts: v1/seal.ts.
 */
export function sealTextV2(definitionText: string, canonicalBallots: readonly string[], context: unknown): string {
  return `{"ballots":[${[...canonicalBallots].sort().join(',')}],"context":${canonicalJson(context)},"definition":${definitionText},"tally":2}`;
}

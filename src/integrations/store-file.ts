import { closeSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';

/**
 * Astro's content store file, written as Astro writes it, without holding
 * it in memory twice.
 *
 * Astro 7.3.5 writes `data-store.json` as `devalue.stringify(store)`
 * (`FileWriter` in astro/dist/content/data-store-writer.js): devalue makes an
 * escaped copy of every value of the store, joins them into one string, and
 * Astro reads the previous file into another string to compare before it
 * writes. At 10,000 articles the store is 71 million characters, most of them
 * the articles' HTML, and that write was the largest allocation of a build:
 * measured alone, `devalue.stringify` of that store took the process from
 * 464 MB to 974 MB, and at 50,000 articles it was the peak of a build that
 * edits one article (5.1 GB, against 3.1 GB since; docs/performance.md).
 *
 * `writeStoreFile` writes the same bytes in two passes over the store: the
 * first numbers every value exactly as devalue does (depth first, each
 * distinct value once, strings and numbers by value, objects by identity),
 * the second writes each numbered value in turn, 1 MB at a time. Then it
 * compares the new file with the old one block by block and keeps the old
 * file when they are equal, as Astro does. It knows only what a content store
 * holds (plain objects, arrays, `Map`, `Set`, `Date` and primitives); for
 * anything else it returns `undefined` before writing a byte, and the caller
 * falls back to Astro's own write. tests/unit/store-file.test.ts compares it
 * with devalue over a table of values.
 */

/** devalue's codes for values it writes as a negative index (devalue/src/constants.js). */
const UNDEFINED = -1;
const NAN = -3;
const POSITIVE_INFINITY = -4;
const NEGATIVE_INFINITY = -5;
const NEGATIVE_ZERO = -6;

/** How much of the file is built up in memory before it is written. */
const CHUNK_CHARS = 1 << 20;

/** The index devalue gives a value it writes inline as a code, or undefined for a value it numbers. */
function code(value: unknown): number | undefined {
  if (value === undefined) return UNDEFINED;
  if (typeof value !== 'number') return undefined;
  if (Number.isNaN(value)) return NAN;
  if (value === Infinity) return POSITIVE_INFINITY;
  if (value === -Infinity) return NEGATIVE_INFINITY;
  if (value === 0 && 1 / value < 0) return NEGATIVE_ZERO;
  return undefined;
}

type Kind = 'primitive' | 'array' | 'map' | 'set' | 'date' | 'object';

/** What devalue would make of an object, or undefined for one this writer leaves to devalue. */
function kindOf(value: object): Kind | undefined {
  if (Array.isArray(value)) {
    // A hole has its own encodings in devalue: left to it.
    for (let i = 0; i < value.length; i += 1) if (!Object.hasOwn(value, i)) return undefined;
    return Object.getPrototypeOf(value) === Array.prototype ? 'array' : undefined;
  }
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  const proto: unknown = Object.getPrototypeOf(value);
  if (tag === 'Map' && proto === Map.prototype) return 'map';
  if (tag === 'Set' && proto === Set.prototype) return 'set';
  if (tag === 'Date' && proto === Date.prototype) return 'date';
  if (tag !== 'Object' || proto !== Object.prototype) return undefined;
  // devalue refuses these (a thenable, symbol keys, a `__proto__` key): its own write throws the error.
  if (typeof (value as { then?: unknown }).then === 'function') return undefined;
  if (Object.getOwnPropertySymbols(value).some((symbol) => Object.prototype.propertyIsEnumerable.call(value, symbol))) {
    return undefined;
  }
  if (Object.hasOwn(value, '__proto__')) return undefined;
  return 'object';
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '<': '\\u003C',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** devalue's `stringify_string`: a JSON string that is also safe inside a `<script>`. */
export function devalueString(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  return `"${text.replace(/["<\\\u0000-\u001f\u2028\u2029]/g, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/**
 * Writes `value` as `devalue.stringify(value)` would, in pieces, through
 * `write`. Returns false, having written nothing, when the value holds
 * anything this writer does not know.
 */
export function serializeLikeDevalue(value: unknown, write: (piece: string) => void): boolean {
  const top = code(value);
  if (top !== undefined) {
    write(String(top));
    return true;
  }

  // First pass: number the values as devalue's `flatten` does.
  const indexes = new Map<unknown, number>();
  const values: unknown[] = [];
  const kinds: Kind[] = [];
  const pending: unknown[] = [value];
  // Depth first, children in order: a stack of the values still to number, each list pushed in reverse.
  while (pending.length > 0) {
    const thing = pending.pop();
    if (code(thing) !== undefined || indexes.has(thing)) continue;
    const type = typeof thing;
    let kind: Kind | undefined = 'primitive';
    if (type === 'function' || type === 'symbol') return false;
    if (type === 'object' && thing !== null) kind = kindOf(thing as object);
    if (kind === undefined) return false;
    indexes.set(thing, values.length);
    values.push(thing);
    kinds.push(kind);
    const children = childrenOf(thing, kind);
    for (let i = children.length - 1; i >= 0; i -= 1) pending.push(children[i]);
  }

  // Second pass: each value in index order, its children by their numbers.
  const ref = (child: unknown): number => code(child) ?? (indexes.get(child) as number);
  let chunk = '[';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) chunk += ',';
    chunk += text(values[i], kinds[i] as Kind, ref);
    if (chunk.length >= CHUNK_CHARS) {
      write(chunk);
      chunk = '';
    }
  }
  write(`${chunk}]`);
  return true;
}

function childrenOf(thing: unknown, kind: Kind): unknown[] {
  switch (kind) {
    case 'array':
      return thing as unknown[];
    case 'map':
      return [...(thing as Map<unknown, unknown>)].flat();
    case 'set':
      return [...(thing as Set<unknown>)];
    case 'object':
      return Object.values(thing as object);
    default:
      return [];
  }
}

function text(thing: unknown, kind: Kind, ref: (child: unknown) => number): string {
  switch (kind) {
    case 'primitive':
      if (typeof thing === 'string') return devalueString(thing);
      if (typeof thing === 'bigint') return `["BigInt","${thing}"]`;
      return String(thing);
    case 'array':
      return `[${(thing as unknown[]).map(ref).join(',')}]`;
    case 'map': {
      let out = '["Map"';
      for (const [key, item] of thing as Map<unknown, unknown>) out += `,${ref(key)},${ref(item)}`;
      return `${out}]`;
    }
    case 'set': {
      let out = '["Set"';
      for (const item of thing as Set<unknown>) out += `,${ref(item)}`;
      return `${out}]`;
    }
    case 'date': {
      const date = thing as Date;
      return `["Date","${Number.isNaN(date.getDate()) ? '' : date.toISOString()}"]`;
    }
    case 'object': {
      const parts: string[] = [];
      for (const [key, item] of Object.entries(thing as object)) parts.push(`${devalueString(key)}:${ref(item)}`);
      return `{${parts.join(',')}}`;
    }
  }
}

/** Whether two files hold the same bytes, read a block at a time. */
function sameBytes(a: string, b: string): boolean {
  let sizeA: number;
  try {
    sizeA = statSync(a).size;
    if (statSync(b).size !== sizeA) return false;
  } catch {
    return false;
  }
  const fdA = openSync(a, 'r');
  const fdB = openSync(b, 'r');
  try {
    const blockA = Buffer.allocUnsafe(1 << 20);
    const blockB = Buffer.allocUnsafe(1 << 20);
    for (let at = 0; at < sizeA;) {
      const read = readSync(fdA, blockA, 0, blockA.length, at);
      if (read === 0 || readSync(fdB, blockB, 0, read, at) !== read) return false;
      if (!blockA.subarray(0, read).equals(blockB.subarray(0, read))) return false;
      at += read;
    }
    return true;
  } finally {
    closeSync(fdA);
    closeSync(fdB);
  }
}

/**
 * Writes `value` to `file` as Astro's `FileWriter` does: the same bytes, to
 * `<file>.tmp` then renamed over `file`, and only when they differ from what
 * `file` holds. Returns whether the file changed, or undefined (nothing
 * written) for a value this writer leaves to devalue.
 */
export function writeStoreFile(file: string, value: unknown): boolean | undefined {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w');
  let known: boolean;
  try {
    known = serializeLikeDevalue(value, (piece) => {
      const bytes = Buffer.from(piece);
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
    });
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  if (!known || sameBytes(temp, file)) {
    unlinkSync(temp);
    return known ? false : undefined;
  }
  renameSync(temp, file);
  return true;
}

/**
 * WKT → WKB (little-endian, 2D), the form TDengine stores GEOMETRY in: `POINT(100 100)` →
 * `0101000000…`. Supports POINT, LINESTRING, POLYGON, their MULTI forms and
 * GEOMETRYCOLLECTION; returns undefined for text that is not WKT.
 */

const TYPES: Record<string, number> = {
  POINT: 1,
  LINESTRING: 2,
  POLYGON: 3,
  MULTIPOINT: 4,
  MULTILINESTRING: 5,
  MULTIPOLYGON: 6,
  GEOMETRYCOLLECTION: 7,
};

class Out {
  bytes: number[] = [];
  #view = new DataView(new ArrayBuffer(8));
  u8(v: number): void {
    this.bytes.push(v);
  }
  u32(v: number): void {
    this.#view.setUint32(0, v, true);
    for (let i = 0; i < 4; i++) this.bytes.push(this.#view.getUint8(i));
  }
  f64(v: number): void {
    this.#view.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.bytes.push(this.#view.getUint8(i));
  }
}

class Lexer {
  #s: string;
  #i = 0;
  constructor(s: string) {
    this.#s = s;
  }
  #ws(): void {
    while (this.#i < this.#s.length && /\s/.test(this.#s[this.#i]!)) this.#i++;
  }
  peek(): string {
    this.#ws();
    return this.#s[this.#i] ?? '';
  }
  eat(ch: string): boolean {
    if (this.peek() === ch) {
      this.#i++;
      return true;
    }
    return false;
  }
  expect(ch: string): void {
    if (!this.eat(ch)) throw new SyntaxError(`expected '${ch}'`);
  }
  word(): string {
    this.#ws();
    const m = /^[A-Za-z]+/.exec(this.#s.slice(this.#i));
    if (!m) throw new SyntaxError('expected a word');
    this.#i += m[0].length;
    return m[0].toUpperCase();
  }
  number(): number {
    this.#ws();
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.#s.slice(this.#i));
    if (!m) throw new SyntaxError('expected a number');
    this.#i += m[0].length;
    return Number(m[0]);
  }
  atEnd(): boolean {
    this.#ws();
    return this.#i >= this.#s.length;
  }
  qualifier(): void {
    this.#ws();
    const m = /^(ZM|Z|M)\b/i.exec(this.#s.slice(this.#i));
    if (m) this.#i += m[0].length;
  }
  isEmpty(): boolean {
    this.#ws();
    if (/^EMPTY\b/i.test(this.#s.slice(this.#i))) {
      this.#i += 5;
      return true;
    }
    return false;
  }
}

function coord(lx: Lexer, out: Out): void {
  out.f64(lx.number());
  out.f64(lx.number());
  // Z/M ordinates are not stored (TDengine GEOMETRY is 2D).
  while (/[-+\d.]/.test(lx.peek())) lx.number();
}

/** `(x y, x y, …)` → count + coordinates. */
function coordList(lx: Lexer, out: Out): void {
  lx.expect('(');
  const body = new Out();
  let n = 0;
  do {
    coord(lx, body);
    n++;
  } while (lx.eat(','));
  lx.expect(')');
  out.u32(n);
  for (const b of body.bytes) out.bytes.push(b);
}

function list(lx: Lexer, out: Out, item: (lx: Lexer, out: Out) => void): void {
  lx.expect('(');
  const body = new Out();
  let n = 0;
  do {
    item(lx, body);
    n++;
  } while (lx.eat(','));
  lx.expect(')');
  out.u32(n);
  for (const b of body.bytes) out.bytes.push(b);
}

function header(out: Out, type: number): void {
  out.u8(1);
  out.u32(type);
}

function geometry(lx: Lexer, out: Out, expected?: number): void {
  const word = lx.word();
  const type = TYPES[word];
  if (type === undefined || (expected !== undefined && type !== expected))
    throw new SyntaxError(`unexpected ${word}`);
  // Z / M / ZM qualifiers: ordinates beyond x, y are read and dropped.
  lx.qualifier();
  header(out, type);
  const empty = lx.isEmpty();
  switch (type) {
    case 1:
      if (empty) {
        out.f64(NaN);
        out.f64(NaN);
        return;
      }
      lx.expect('(');
      coord(lx, out);
      lx.expect(')');
      return;
    case 2:
      if (empty) return out.u32(0);
      return coordList(lx, out);
    case 3:
      if (empty) return out.u32(0);
      return list(lx, out, coordList);
    case 4:
      if (empty) return out.u32(0);
      // MULTIPOINT((1 2), (3 4)) and MULTIPOINT(1 2, 3 4) are both valid.
      return list(lx, out, (l, o) => {
        header(o, 1);
        if (l.eat('(')) {
          coord(l, o);
          l.expect(')');
        } else coord(l, o);
      });
    case 5:
      if (empty) return out.u32(0);
      return list(lx, out, (l, o) => {
        header(o, 2);
        coordList(l, o);
      });
    case 6:
      if (empty) return out.u32(0);
      return list(lx, out, (l, o) => {
        header(o, 3);
        list(l, o, coordList);
      });
    default:
      if (empty) return out.u32(0);
      return list(lx, out, (l, o) => geometry(l, o));
  }
}

export function wktToWkb(text: string): Uint8Array | undefined {
  try {
    const lx = new Lexer(text);
    const out = new Out();
    geometry(lx, out);
    if (!lx.atEnd()) return undefined;
    return Uint8Array.from(out.bytes);
  } catch {
    return undefined;
  }
}

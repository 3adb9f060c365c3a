import { describe, expect, it } from 'vitest';
import {
  AbortError,
  DataError,
  DatabaseError,
  InterfaceError,
  InternalError,
  NotSupportedError,
  OperationalError,
  ProgrammingError,
  TDengineError,
  TimeoutError,
  errorClassOf,
  errorFromCode,
} from './errors.js';

describe('errorClassOf maps TDengine codes by table', () => {
  const rows: [code: number, cls: typeof TDengineError, what: string][] = [
    [0x2600, ProgrammingError, 'syntax error'],
    [0x0216, ProgrammingError, 'tsc syntax error'],
    [0x2603, ProgrammingError, 'table does not exist'],
    [0x0388, ProgrammingError, 'database not exist'],
    [0x0362, ProgrammingError, 'stable not exist'],
    [0x0603, ProgrammingError, 'table already exists'],
    [0x2616, ProgrammingError, 'database not specified'],
    [0x2801, ProgrammingError, 'invalid function para number'],
    [0x2605, DataError, 'invalid value type'],
    [0x2653, DataError, 'value too long'],
    [0x060b, DataError, 'timestamp out of range'],
    [0x0224, DataError, 'value out of range'],
    [0x0200, ProgrammingError, 'invalid operation'],
    [0x013d, DataError, 'decimal overflow'],
    [0x0357, OperationalError, 'authentication failure'],
    [0x1105, OperationalError, 'no auth info'],
    [0x1124, OperationalError, 'invalid basic auth'],
    [0x000b, OperationalError, 'unable to establish connection'],
    [0xffff, OperationalError, 'adapter generic'],
    [0x020f, OperationalError, 'query terminated'],
    [0x0100, NotSupportedError, 'operation not supported'],
    [0x0101, InternalError, 'common internal'],
    [0x0b00, DatabaseError, 'unknown module'],
    [0x80002603, ProgrammingError, 'full 32-bit form is masked'],
  ];
  it.each(rows)('0x%s → %s (%s)', (code, cls, _what) => {
    expect(errorClassOf(code)).toBe(cls);
    const e = errorFromCode(code, 'msg', { reqId: 5n, sql: 'select secret' });
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(TDengineError);
    expect(e.code).toBe(code & 0xffff);
  });
});

describe('TDengineError', () => {
  it('carries code, reqId and a non-enumerable sql', () => {
    const e = errorFromCode(0x2603, 'Table does not exist', {
      reqId: 42n,
      sql: "select * from t where pw = 'hunter2'",
      status: 200,
    });
    expect(e.name).toBe('ProgrammingError');
    expect(e.code).toBe(0x2603);
    expect(e.codeHex).toBe('0x80002603');
    expect(e.reqId).toBe(42n);
    expect(e.status).toBe(200);
    expect(e.sql).toContain('hunter2');
    expect(Object.keys(e)).not.toContain('sql');
    expect(JSON.stringify({ ...e }, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      'hunter2',
    );
  });

  it('forms the PEP 249 hierarchy', () => {
    expect(new TimeoutError('t')).toBeInstanceOf(OperationalError);
    expect(new OperationalError('o')).toBeInstanceOf(DatabaseError);
    expect(new InterfaceError('i')).not.toBeInstanceOf(DatabaseError);
    expect(new AbortError('a').name).toBe('AbortError');
    expect(new TimeoutError('t').code).toBe(0xffff);
  });
});

import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeFetchRawBlockReply, encodeWsResponse, parseWsJson } from '@taosts/protocol';
import {
  AbortError,
  ConnectionLostError,
  InterfaceError,
  ProgrammingError,
  TimeoutError,
} from '../errors.js';
import { WsChannel } from './ws-channel.js';
import type { SocketLike } from './ws-channel.js';

/** A socket that records what is sent and lets the test play the server. */
class FakeSocket extends EventEmitter implements SocketLike {
  readyState = 1;
  sent: (string | Uint8Array)[] = [];
  pings = 0;
  terminated = false;
  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
  ping(): void {
    this.pings++;
  }
  close(): void {
    this.readyState = 3;
    this.emit('close');
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
  reply(
    action: string,
    reqId: bigint | number,
    extra: Record<string, unknown> = {},
    status: { code?: number; message?: string } = {},
  ): void {
    this.emit('message', Buffer.from(encodeWsResponse(action, reqId, extra, status)), false);
  }
  binary(bytes: Uint8Array): void {
    this.emit('message', Buffer.from(bytes), true);
  }
  json(i: number): Record<string, unknown> {
    return parseWsJson(this.sent[i] as string) as Record<string, unknown>;
  }
}

const opts = (reqId: bigint, timeout = 0, signal?: AbortSignal) => ({ reqId, timeout, signal });
const open = (pingInterval = 0) => {
  const s = new FakeSocket();
  const closed: Error[] = [];
  const ch = new WsChannel(s, { address: 'h:1', pingInterval, onClose: (e) => closed.push(e) });
  return { s, ch, closed };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('WsChannel multiplexing', () => {
  it('matches JSON replies on (req_id, action), whatever their order', async () => {
    const { s, ch } = open();
    const a = ch.request('get_current_db', {}, opts(1n));
    const b = ch.request('get_server_info', {}, opts(1n));
    const c = ch.request('get_current_db', {}, opts(2n));
    expect(s.json(0)).toStrictEqual({ action: 'get_current_db', args: { req_id: 1 } });
    s.reply('get_current_db', 2, { db: 'two' });
    s.reply('get_server_info', 1, { info: 'srv' });
    s.reply('get_current_db', 1, { db: 'one' });
    expect((await a).db).toBe('one');
    expect((await b).info).toBe('srv');
    expect((await c).db).toBe('two');
    expect(ch.inFlight).toBe(0);
  });

  it('matches binary replies on the req_id at byte 26; JSON and binary waiters do not mix', async () => {
    const { s, ch } = open();
    const q = ch.binaryJson(new Uint8Array(30), 'binary_query', opts(7n));
    const f = ch.binaryBinary(new Uint8Array(26), 'fetch_raw_block', opts(8n));
    const g = ch.binaryBinary(new Uint8Array(26), 'fetch_raw_block', opts(9n));
    s.binary(encodeFetchRawBlockReply({ reqId: 9n, resultId: 1n, finished: true }));
    s.binary(encodeFetchRawBlockReply({ reqId: 8n, resultId: 1n, block: new Uint8Array([1, 2]) }));
    s.reply('binary_query', 7, { id: 1 });
    expect((await q).id).toBe(1);
    expect((await f).length).toBe(57);
    expect((await g)[50]).toBe(1);
  });

  it('server errors become error classes carrying the code and req_id', async () => {
    const { s, ch } = open();
    const p = ch.request('query', {}, opts(3n));
    s.reply('query', 3, {}, { code: 0x2603, message: 'Table does not exist' });
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProgrammingError);
    expect(e).toMatchObject({ code: 0x2603, reqId: 3n, message: 'Table does not exist' });
  });

  it('a binary request refused in JSON (before conn) rejects its waiter', async () => {
    const { s, ch } = open();
    const p = ch.binaryBinary(new Uint8Array(26), 'fetch_raw_block', opts(4n));
    s.reply('fetch_raw_block', 4, {}, { code: 0xffff, message: 'server not connected' });
    await expect(p).rejects.toThrow('server not connected');
  });

  it('refuses a second request with the same key in flight', async () => {
    const { ch } = open();
    void ch.request('version', {}, opts(5n)).catch(() => {}); // holds key 5 in flight; never answered
    await expect(ch.request('version', {}, opts(5n))).rejects.toBeInstanceOf(InterfaceError);
  });
});

describe('WsChannel timeouts and aborts', () => {
  it('times out one request; its late reply is dropped and a late result is freed', async () => {
    vi.useFakeTimers();
    const { s, ch } = open();
    const p = ch.binaryJson(new Uint8Array(30), 'binary_query', opts(11n, 100));
    const other = ch.request('version', {}, opts(12n, 0));
    vi.advanceTimersByTime(101);
    await expect(p).rejects.toBeInstanceOf(TimeoutError);
    s.reply('binary_query', 11, { id: 5 });
    expect(s.json(2)).toMatchObject({ action: 'free_result', args: { id: 5 } });
    s.reply('version', 12, { version: '3.3.6.0' });
    expect((await other).version).toBe('3.3.6.0');
  });

  it('an abort rejects with AbortError; an aborted signal sends nothing', async () => {
    const { s, ch } = open();
    const ac = new AbortController();
    const p = ch.request('query', {}, opts(13n, 0, ac.signal));
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(ch.inFlight).toBe(0);
    await expect(ch.request('query', {}, opts(14n, 0, ac.signal))).rejects.toBeInstanceOf(AbortError);
    expect(s.sent.length).toBe(1);
  });
});

describe('WsChannel connection loss', () => {
  it('a dropped socket fails what is in flight as sent; later requests as not sent', async () => {
    const { s, ch, closed } = open();
    const p = ch.request('query', {}, opts(21n));
    s.emit('close');
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionLostError);
    expect(e).toMatchObject({ requestSent: true, reqId: 21n });
    expect(closed.length).toBe(1);
    const later = await ch.request('query', {}, opts(22n)).catch((x: unknown) => x);
    expect(later).toMatchObject({ requestSent: false, reqId: 22n });
  });

  it('close() fails in-flight requests with InterfaceError and is idempotent', async () => {
    const { ch, closed } = open();
    const p = ch.request('query', {}, opts(23n));
    ch.close();
    ch.close();
    await expect(p).rejects.toBeInstanceOf(InterfaceError);
    expect(closed.length).toBe(1);
  });

  it.each([
    [
      'text',
      (s: FakeSocket) => s.emit('message', Buffer.from('{"code":0,"act'), false),
      /unreadable text frame/,
    ],
    [
      'binary',
      (s: FakeSocket) => s.binary(new Uint8Array(40).fill(7)),
      /unrecognised binary frame of 40 bytes/,
    ],
  ])('a garbled %s frame drops the connection with a clear error', async (_k, garble, msg) => {
    const { s, ch } = open();
    const p = ch.request('query', {}, opts(31n));
    garble(s);
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InterfaceError);
    expect(String(e)).toMatch(msg);
    expect(s.terminated).toBe(true);
  });

  it('keep-alive: pings each interval; two silent intervals drop the peer', async () => {
    vi.useFakeTimers();
    const { s, ch } = open(100);
    const p = ch.request('query', {}, opts(41n));
    vi.advanceTimersByTime(100);
    expect(s.pings).toBe(1);
    s.emit('pong');
    vi.advanceTimersByTime(100);
    expect(s.pings).toBe(2);
    vi.advanceTimersByTime(100); // no pong, no message since the last ping
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionLostError);
    expect(String(e)).toMatch(/no reply to keep-alive pings/);
    expect(s.terminated).toBe(true);
  });
});

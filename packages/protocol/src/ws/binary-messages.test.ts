import { describe, expect, it } from 'vitest';
import { Code, TaosError } from '../errors.js';
import { fromHex, toHex } from '../util/hex.js';
import { BinaryAction, binaryActionName } from './binary-actions.js';
import { decodeBinaryHeader } from './binary-header.js';
import { decodeBinaryQuery, encodeBinaryQuery } from './binary-query.js';
import {
  binaryReplyReqId,
  decodeFetchBlockReply,
  decodeFetchRawBlockReply,
  decodeFetchRawBlockRequest,
  encodeFetchBlockReply,
  encodeFetchRawBlockReply,
  encodeFetchRawBlockRequest,
} from './fetch-raw-block.js';

const adapterError = (msg: string) => new TaosError(Code.ADAPTER_GENERIC, msg);

describe('binary action table', () => {
  it.each([
    [1, 'set_tags'],
    [2, 'bind'],
    [3, 'write_raw'],
    [4, 'write_raw_block'],
    [5, 'write_raw_block_with_fields'],
    [6, 'binary_query'],
    [7, 'fetch_raw_block'],
    [9, 'stmt2_bind'],
    [10, 'validate_sql'],
    [11, 'stmt2_bind_exec'],
  ])('%i → %s', (id, name) => {
    expect(binaryActionName(id)).toBe(name);
  });
  it('has no name for unknown ids', () => {
    expect(binaryActionName(12)).toBeUndefined();
    expect(binaryActionName(0n)).toBeUndefined();
  });
});

// protocol.md §4.5: `select 1`, req_id 1 → 38 bytes
const SELECT_1 = fromHex('0100000000000000 0000000000000000 0600000000000000 0100 08000000 73656c6563742031');

describe('binary_query (id 6)', () => {
  it('matches the documented 38-byte example', () => {
    expect(toHex(encodeBinaryQuery(1n, 'select 1'))).toBe(toHex(SELECT_1));
    expect(decodeBinaryQuery(SELECT_1)).toEqual({ reqId: 1n, resourceId: 0n, action: 6, sql: 'select 1' });
  });

  it('round-trips UTF-8, uint64 req ids and validate_sql (id 10)', () => {
    const m = encodeBinaryQuery(2n ** 64n - 1n, "select 'é'", BinaryAction.VALIDATE_SQL);
    expect(decodeBinaryQuery(m)).toEqual({
      reqId: 2n ** 64n - 1n,
      resourceId: 0n,
      action: 10,
      sql: "select 'é'",
    });
  });

  it('decodes at an unaligned offset', () => {
    const big = new Uint8Array(SELECT_1.length + 3);
    big.set(SELECT_1, 3);
    expect(decodeBinaryQuery(big.subarray(3)).sql).toBe('select 1');
  });

  it.each([
    ['shorter than 31 bytes', SELECT_1.subarray(0, 30), 'message length is too short'],
    ['shorter than the header', SELECT_1.subarray(0, 10), 'message length is too short'],
    [
      'version 2',
      fromHex('01000000000000000000000000000000060000000000000002000800000073656c6563742031'),
      'unknown binary query version:2',
    ],
    [
      'SQL length beyond the message',
      SELECT_1.subarray(0, 35),
      'uncompleted message, sql length:8, remainMessageLength:5',
    ],
  ])('rejects %s', (_n, bytes, msg) => {
    expect(() => decodeBinaryQuery(bytes)).toThrow(adapterError(msg));
  });

  it('rejects req ids that are not uint64', () => {
    expect(() => encodeBinaryQuery(-1n, 'x')).toThrow(TaosError);
    expect(() => encodeBinaryQuery(2 ** 60, 'x')).toThrow(/not a uint64/);
  });
});

describe('fetch_raw_block (id 7)', () => {
  it('request is header + version, 26 bytes', () => {
    const m = encodeFetchRawBlockRequest(3, 1);
    expect(toHex(m)).toBe('0300000000000000' + '0100000000000000' + '0700000000000000' + '0100');
    expect(decodeFetchRawBlockRequest(m)).toEqual({ reqId: 3n, resourceId: 1n, action: 7 });
    expect(() => decodeFetchRawBlockRequest(m.subarray(0, 25))).toThrow(
      adapterError('message length is too short'),
    );
    const v2 = m.slice();
    v2[24] = 2;
    expect(() => decodeFetchRawBlockRequest(v2)).toThrow(adapterError('unknown fetch raw block version'));
  });

  const block = fromHex('01000000 1c000000 00000000 00000000 00000080 0000000000000000');
  const DATA_REPLY = fromHex(
    `ffffffffffffffff 0700000000000000 0100 e803000000000000 0300000000000000
    00000000 00000000 0100000000000000 00 1c000000` + toHex(block),
  );

  it('data reply: block at byte 55, req_id at 26', () => {
    const m = encodeFetchRawBlockReply({ reqId: 3n, resultId: 1n, timing: 1000n, block });
    expect(toHex(m)).toBe(toHex(DATA_REPLY));
    expect(binaryReplyReqId(m)).toBe(3n);
    const r = decodeFetchRawBlockReply(m);
    expect(r).toMatchObject({
      reqId: 3n,
      resultId: 1n,
      timing: 1000n,
      code: 0,
      message: '',
      finished: false,
    });
    expect(toHex(r.block!)).toBe(toHex(block));
  });

  it('finish reply: 51 bytes, finished=1, no block', () => {
    const m = encodeFetchRawBlockReply({ reqId: 4n, resultId: 1n, finished: true });
    expect(m.length).toBe(51);
    expect(decodeFetchRawBlockReply(m)).toMatchObject({ reqId: 4n, finished: true, block: null, code: 0 });
  });

  it('error reply carries the code (masked) and message, always finished', () => {
    const m = encodeFetchRawBlockReply({ reqId: 5n, resultId: 9n, code: 0xffff, message: 'result is nil' });
    expect(toHex(m.subarray(34, 42 + 13))).toBe(
      'ffff0000' + '0d000000' + toHex(new TextEncoder().encode('result is nil')),
    );
    expect(decodeFetchRawBlockReply(m)).toEqual({
      reqId: 5n,
      resultId: 9n,
      timing: 0n,
      code: 0xffff,
      message: 'result is nil',
      finished: true,
      block: null,
    });
  });

  it('rejects every truncation of a data reply and foreign frames', () => {
    for (let k = 0; k < DATA_REPLY.length; k++) {
      expect(() => decodeFetchRawBlockReply(DATA_REPLY.subarray(0, k)), `cut ${k}`).toThrow(
        expect.objectContaining({ code: Code.INVALID_DATA_FMT }),
      );
    }
    const wrongAction = DATA_REPLY.slice();
    wrongAction[8] = 6;
    expect(() => decodeFetchRawBlockReply(wrongAction)).toThrow(/action 6/);
    expect(() => decodeFetchRawBlockReply(encodeFetchBlockReply(1, 1, DATA_REPLY))).toThrow(/flag/);
  });

  it('needs a block unless finished', () => {
    expect(() => encodeFetchRawBlockReply({ reqId: 1, resultId: 1 })).toThrow(TaosError);
  });
});

describe('legacy fetch_block reply', () => {
  it('is [timing][result id][block] and has no req_id', () => {
    const block = fromHex('aabb');
    const m = encodeFetchBlockReply(500n, 2n, block);
    expect(toHex(m)).toBe('f401000000000000' + '0200000000000000' + 'aabb');
    expect(decodeFetchBlockReply(m)).toEqual({ timing: 500n, resultId: 2n, block });
    expect(binaryReplyReqId(m)).toBeNull();
    expect(() => decodeFetchBlockReply(m.subarray(0, 15))).toThrow(TaosError);
  });
});

describe('binary header', () => {
  it('reads req_id, resource id and action', () => {
    expect(decodeBinaryHeader(fromHex('ffffffffffffffff 0200000000000000 0900000000000000'))).toEqual({
      reqId: 2n ** 64n - 1n,
      resourceId: 2n,
      action: 9,
    });
  });
});

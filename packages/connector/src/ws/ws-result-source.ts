import { decodeFetchRawBlockReply, decodeRawBlock, encodeFetchRawBlockRequest } from '@taosts/protocol';
import type { Precision } from '@taosts/protocol';
import { AbortError, errorFromCode } from '../errors.js';
import type { BlockChunk, ResultSource } from '../transport.js';
import type { Field } from '../values.js';
import type { BlockContext } from './block-rows.js';
import type { WsChannel } from './ws-channel.js';
import type { WsResultMeta } from './ws-fields.js';

export interface FetchOptions {
  readonly timeout: number;
  readonly signal?: AbortSignal | undefined;
  readonly nextReqId: () => bigint;
}

/**
 * An open result on the server, read with binary `fetch_raw_block` (protocol.md §4.6), one
 * block per `next()`. The server frees the result itself when it reports `finished`; closing
 * earlier (a `break` out of a loop, an abort, an error) sends `free_result`.
 */
export class WsResultSource implements ResultSource {
  readonly fields: readonly Field[];
  readonly affectedRows: number | undefined;
  readonly reqId: bigint;
  readonly precision: Precision | undefined;
  readonly #channel: WsChannel;
  readonly #id: bigint;
  readonly #context: BlockContext;
  readonly #opts: FetchOptions;
  readonly #onAbort: () => void;
  #done: boolean;

  constructor(
    channel: WsChannel,
    meta: WsResultMeta,
    reqId: bigint,
    context: BlockContext,
    opts: FetchOptions,
  ) {
    this.#channel = channel;
    this.fields = meta.fields;
    this.affectedRows = meta.isUpdate ? meta.affectedRows : undefined;
    this.reqId = reqId;
    this.precision = meta.isUpdate ? undefined : meta.precision;
    this.#id = meta.id;
    this.#context = context;
    this.#opts = opts;
    this.#done = meta.isUpdate || meta.id === 0n;
    this.#onAbort = () => void this.close();
    if (!this.#done) opts.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** True once the server-side result is gone (read to the end, or freed). */
  get done(): boolean {
    return this.#done;
  }

  async next(): Promise<BlockChunk | null> {
    if (this.#done) {
      if (this.#opts.signal?.aborted)
        throw new AbortError('the request was aborted', {
          reqId: this.reqId,
          cause: this.#opts.signal.reason,
        });
      return null;
    }
    const reqId = this.#opts.nextReqId();
    let bytes: Uint8Array;
    try {
      bytes = await this.#channel.binaryBinary(
        encodeFetchRawBlockRequest(reqId, this.#id),
        'fetch_raw_block',
        {
          reqId,
          timeout: this.#opts.timeout,
          signal: this.#opts.signal,
        },
      );
    } catch (e) {
      await this.close();
      throw e;
    }
    let reply;
    try {
      reply = decodeFetchRawBlockReply(bytes);
    } catch (e) {
      await this.close();
      throw errorFromCode(0xffff, `garbled fetch_raw_block reply: ${(e as Error).message}`, {
        reqId,
        cause: e,
      });
    }
    if (reply.code !== 0) {
      this.#finish();
      throw errorFromCode(reply.code, reply.message || `fetch failed with code ${reply.code}`, { reqId });
    }
    if (reply.finished || reply.block === null) {
      this.#finish();
      return null;
    }
    let block;
    try {
      block = decodeRawBlock(reply.block);
    } catch (e) {
      await this.close();
      throw errorFromCode(0xffff, `garbled raw block: ${(e as Error).message}`, { reqId, cause: e });
    }
    return { block, context: this.#context };
  }

  /** Free the server-side result unless it is already gone. Idempotent. */
  async close(): Promise<void> {
    if (this.#done) return;
    this.#finish();
    this.#channel.fire('free_result', { id: this.#id }, this.#opts.nextReqId());
  }

  #finish(): void {
    this.#done = true;
    this.#opts.signal?.removeEventListener('abort', this.#onAbort);
  }
}

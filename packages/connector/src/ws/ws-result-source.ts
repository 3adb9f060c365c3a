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
 * block per `next()`. As soon as a block arrives, the fetch of the next one is sent, so that the
 * server reads and encodes it while the caller decodes this one; there is never more than one
 * fetch in flight per result (what taosAdapter expects), and at most one block waits unread.
 * The server frees the result itself when it reports `finished`; closing earlier (a `break` out
 * of a loop, an abort, an error) sends `free_result`.
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
  /** The fetch of the next block, sent when the previous block arrived. */
  #ahead: { readonly reqId: bigint; readonly reply: Promise<Uint8Array> } | undefined;

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
    const { reqId, reply: pending } = this.#ahead ?? this.#fetch();
    this.#ahead = undefined;
    let bytes: Uint8Array;
    try {
      bytes = await pending;
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
    this.#ahead = this.#fetch();
    let block;
    try {
      block = decodeRawBlock(reply.block);
    } catch (e) {
      await this.close();
      throw errorFromCode(0xffff, `garbled raw block: ${(e as Error).message}`, { reqId, cause: e });
    }
    return { block, context: this.#context };
  }

  /** Send `fetch_raw_block` for the next block. */
  #fetch(): { reqId: bigint; reply: Promise<Uint8Array> } {
    const reqId = this.#opts.nextReqId();
    const reply = this.#channel.binaryBinary(encodeFetchRawBlockRequest(reqId, this.#id), 'fetch_raw_block', {
      reqId,
      timeout: this.#opts.timeout,
      signal: this.#opts.signal,
    });
    // A fetch sent ahead that nobody reads (the caller stopped) must not be an unhandled rejection.
    reply.catch(() => undefined);
    return { reqId, reply };
  }

  /**
   * Free the server-side result unless it is already gone. A fetch still in flight is let land
   * first, so that `free_result` never overtakes it; if it reports the end, the server has
   * freed the result already. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#done) return;
    this.#finish();
    const ahead = this.#ahead;
    this.#ahead = undefined;
    if (ahead) {
      const finished = await ahead.reply.then(
        (b) => {
          try {
            return decodeFetchRawBlockReply(b).finished;
          } catch {
            return false;
          }
        },
        () => false,
      );
      if (finished) return;
    }
    this.#channel.fire('free_result', { id: this.#id }, this.#opts.nextReqId());
  }

  #finish(): void {
    this.#done = true;
    this.#opts.signal?.removeEventListener('abort', this.#onAbort);
  }
}

/**
 * The ingest redo log: acknowledged INSERT statements, appended with one `write()` each before
 * the statement is acknowledged, replayed at startup when DuckDB had not committed them yet.
 *
 * Why: a durable DuckDB commit costs an fsync (~10 ms here), so committing every statement
 * caps ingest at ~100 statements/s. TDengine itself acknowledges after writing its WAL and
 * fsyncs it only every WAL_FSYNC_PERIOD (3 s by default): acknowledged writes survive a process
 * crash (the bytes are in the OS page cache), a power loss may lose the last moments. This log
 * gives the same guarantee; DuckDB then commits whole groups of statements at once.
 *
 * Record: u32 LE payload length, u32 LE crc32 of the payload, JSON payload. A torn tail (crash
 * mid-write, never acknowledged) fails its length or checksum and ends the log.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync, existsSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export interface RedoRecord {
  readonly lsn: number;
  readonly sql: string;
  readonly db?: string;
  readonly timezone: string;
  /** Statement time, ns, as decimal text. */
  readonly now: string;
}

export class RedoLog {
  #fd: number | undefined;
  #size: number;

  private constructor(fd: number, size: number) {
    this.#fd = fd;
    this.#size = size;
  }

  /** Open (creating) the log; returns it with the valid records it holds. */
  static open(path: string): { log: RedoLog; records: RedoRecord[] } {
    const records: RedoRecord[] = [];
    let valid = 0;
    if (existsSync(path)) {
      const buf = readFileSync(path);
      let off = 0;
      while (off + 8 <= buf.length) {
        const len = buf.readUInt32LE(off);
        const sum = buf.readUInt32LE(off + 4);
        if (off + 8 + len > buf.length) break;
        const payload = buf.subarray(off + 8, off + 8 + len);
        if (crc32(payload) !== sum) break;
        try {
          records.push(JSON.parse(payload.toString('utf8')) as RedoRecord);
        } catch {
          break;
        }
        off += 8 + len;
        valid = off;
      }
    }
    const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    // Drop a torn tail so new records follow the last valid one.
    if (fstatSync(fd).size !== valid) ftruncateSync(fd, valid);
    return { log: new RedoLog(fd, valid), records };
  }

  get size(): number {
    return this.#size;
  }

  /** Append records with one write; when this returns they survive a crash of this process. */
  append(records: readonly RedoRecord[]): void {
    const fd = this.#fd;
    if (fd === undefined || records.length === 0) return;
    const parts: Buffer[] = [];
    for (const r of records) {
      const payload = Buffer.from(JSON.stringify(r), 'utf8');
      const head = Buffer.allocUnsafe(8);
      head.writeUInt32LE(payload.length, 0);
      head.writeUInt32LE(crc32(payload), 4);
      parts.push(head, payload);
    }
    const buf = Buffer.concat(parts);
    let written = 0;
    while (written < buf.length)
      written += writeSync(fd, buf, written, buf.length - written, this.#size + written);
    this.#size += buf.length;
  }

  /** Forget every record (all of them are committed in DuckDB). */
  truncate(): void {
    if (this.#fd === undefined || this.#size === 0) return;
    ftruncateSync(this.#fd, 0);
    this.#size = 0;
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}

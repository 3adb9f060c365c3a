/**
 * Adapts `handleRest` to `node:http` request/response objects: reads the body (size-capped,
 * gunzipped when `Content-Encoding: gzip`), writes the response (gzipped when the client accepts
 * it, streamed with backpressure for query results). Binds nothing; `server.ts` owns the socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip, gunzip, gzip } from 'node:zlib';
import { Code } from '@taosts/protocol';
import { handleRest } from './handle-rest.js';
import { encodeError } from './encode-result.js';
import { JSON_TYPE } from './responses.js';
import type { RestDeps, RestRequest, RestResponse } from './rest-types.js';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

/**
 * Responses are compressed for speed (zlib level 1): results are large and the server shares
 * its cores with the engine; level 6 buys little on columnar-ish JSON for 2-3x the CPU.
 */
const GZIP_LEVEL = 1;

/** 0x1104 in taosAdapter's HTTP error table. */
const HTTP_REQUEST_TOO_BIG = 0x1104;

export interface BridgeOptions {
  /** Largest request body accepted, before and after gunzip (bytes). */
  readonly maxBodyBytes: number;
}

class BodyTooLarge extends Error {}

/** The raw body, or undefined when the client went away mid-upload. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      fn();
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        finish(() => reject(new BodyTooLarge()));
        // Stop buffering but keep draining so the error response can still be written.
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(() => resolve(Buffer.concat(chunks, size))));
    req.on('aborted', () => finish(() => resolve(undefined)));
    req.on('error', () => finish(() => resolve(undefined)));
    req.on('close', () => finish(() => resolve(req.complete ? Buffer.concat(chunks, size) : undefined)));
  });
}

function sendError(res: ServerResponse, status: number, code: number, desc: string): void {
  const body = encodeError(code, desc);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function acceptsGzip(req: IncomingMessage): boolean {
  const accept = req.headers['accept-encoding'];
  return typeof accept === 'string' && accept.includes('gzip');
}

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function writeResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: RestResponse,
): Promise<void> {
  const compress = acceptsGzip(req) && response.status !== 204 && response.body !== '';
  const headers: Record<string, string | number> = { ...response.headers };
  if (compress) {
    headers['content-encoding'] = 'gzip';
    headers['vary'] = 'Accept-Encoding';
  }
  if (typeof response.body === 'string') {
    const raw = Buffer.from(response.body, 'utf8');
    const body = compress ? await gzipAsync(raw, { level: GZIP_LEVEL }) : raw;
    headers['content-length'] = body.length;
    res.writeHead(response.status, headers);
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  const source = Readable.from(response.body);
  try {
    if (compress) await pipeline(source, createGzip({ level: GZIP_LEVEL }), res);
    else await pipeline(source, res);
  } catch {
    // The client went away (or rendering failed after the status was sent): nothing to tell.
    if (!res.destroyed) res.destroy();
  }
}

/** Serve one request; resolves when the response is fully written (or abandoned). */
export async function serveNodeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RestDeps,
  options: BridgeOptions,
): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? 0);
  // Oversized bodies: answer at once, then drain the rest (discarding it) so the client, still
  // uploading, can read the answer instead of seeing a reset.
  if (declared > options.maxBodyBytes) {
    req.resume();
    sendError(res, 413, HTTP_REQUEST_TOO_BIG, 'request size is too big');
    return;
  }
  let body: Buffer | undefined;
  try {
    body = await readBody(req, options.maxBodyBytes);
  } catch {
    req.resume();
    sendError(res, 413, HTTP_REQUEST_TOO_BIG, 'request size is too big');
    return;
  }
  if (body === undefined) return;
  if (body.length > 0 && /\bgzip\b/i.test(req.headers['content-encoding'] ?? '')) {
    try {
      body = await gunzipAsync(body, { maxOutputLength: options.maxBodyBytes });
    } catch (e) {
      if (e instanceof RangeError) sendError(res, 413, HTTP_REQUEST_TOO_BIG, 'request size is too big');
      else sendError(res, 400, Code.ADAPTER_GENERIC, `invalid gzip body: ${(e as Error).message}`);
      return;
    }
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const request: RestRequest = {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers: headerRecord(req),
    body,
  };
  const response = await handleRest(request, deps);
  try {
    if (!res.destroyed) await writeResponse(req, res, response);
  } finally {
    response.release?.();
  }
}

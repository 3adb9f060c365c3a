/**
 * The HTTP endpoint of taosAdapter as a pure function (protocol.md §1–2): route, authenticate,
 * run, render. No sockets here; `node-bridge.ts` adapts it to `node:http`.
 *
 * @example
 * const res = await handleRest({ method: 'POST', path: '/rest/sql', query: new URLSearchParams(),
 *   headers: { authorization: 'Basic cm9vdDp0YW9zZGF0YQ==' }, body: Buffer.from('select 1') }, { engine });
 */
import { Code } from '@taosts/protocol';
import { preflight, withCors } from './cors.js';
import { handleLogin } from './login-route.js';
import { errorResponse, textResponse } from './responses.js';
import type { RestDeps, RestRequest, RestResponse, RestRoute, RestRouteEntry } from './rest-types.js';
import { handleSql } from './sql-route.js';

type Route = RestRoute;

const ping: Route = () => ({ status: 200, headers: {}, body: '' });

const ROUTES: readonly RestRouteEntry[] = [
  { method: 'POST', pattern: ['rest', 'sql'], handle: (req, _p, deps) => handleSql(req, undefined, deps) },
  { method: 'POST', pattern: ['rest', 'sql', ':db'], handle: (req, p, deps) => handleSql(req, p[0], deps) },
  {
    method: 'GET',
    pattern: ['rest', 'login', ':user', ':password'],
    handle: (req, p, deps) => handleLogin(req, p[0]!, p[1]!, deps),
  },
  { method: 'GET', pattern: ['-', 'ping'], handle: ping },
  { method: 'HEAD', pattern: ['-', 'ping'], handle: ping },
];

/** Decoded path segments; a trailing slash is ignored. Undefined when an escape is malformed. */
function segments(path: string): string[] | undefined {
  const parts = path.split('/').filter((s, i, all) => i > 0 && !(s === '' && i === all.length - 1));
  try {
    return parts.map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function match(pattern: readonly string[], parts: readonly string[]): string[] | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(':')) {
      if (parts[i] === '') return undefined;
      params.push(parts[i]!);
    } else if (p !== parts[i]) {
      return undefined;
    }
  }
  return params;
}

async function route(request: RestRequest, deps: RestDeps): Promise<RestResponse> {
  const parts = segments(request.path);
  if (!parts) return errorResponse(400, Code.ADAPTER_GENERIC, 'invalid url escape');
  const allowed: string[] = [];
  for (const r of deps.routes ? [...deps.routes, ...ROUTES] : ROUTES) {
    const params = match(r.pattern, parts);
    if (!params) continue;
    if (r.method === request.method) return r.handle(request, params, deps);
    allowed.push(r.method);
  }
  if (allowed.length > 0) return textResponse(405, '405 method not allowed', { allow: allowed.join(', ') });
  return textResponse(404, '404 page not found');
}

/** Answer one HTTP request. Never throws for bad input: every failure is a response. */
export async function handleRest(request: RestRequest, deps: RestDeps): Promise<RestResponse> {
  const early = preflight(request);
  if (early) return early;
  let response: RestResponse;
  try {
    response = await route(request, deps);
  } catch (e) {
    response = errorResponse(500, Code.ADAPTER_GENERIC, e instanceof Error ? e.message : String(e));
  }
  return withCors(request, response);
}

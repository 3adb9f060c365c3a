/**
 * `GET /rest/login/{user}/{password}` → `{"code":0,"desc":"<Taosd token>"}` (taosAdapter
 * `restful.go` `des`): user and password must be 1..24 bytes (400, 0x110A), and must be valid
 * credentials (401, code 3 "Authentication failure").
 */
import { Code } from '@taosts/protocol';
import { ParamError, parseReqId } from './rest-params.js';
import { errorResponse, jsonResponse } from './responses.js';
import type { RestDeps, RestRequest, RestResponse } from './rest-types.js';
import { encodeTaosdToken } from './taosd-token.js';
import { jsonString } from './json-string.js';

const HTTP_GEN_TAOSD_TOKEN_ERR = 0x110a;
const RPC_AUTH_FAILURE = 0x0003;

export function handleLogin(
  request: RestRequest,
  user: string,
  password: string,
  deps: RestDeps,
): RestResponse {
  const clock = deps.clock ?? process.hrtime.bigint;
  const started = clock();
  const fail = (status: number, code: number, desc: string) =>
    errorResponse(status, code, desc, clock() - started);
  try {
    parseReqId(request.query);
  } catch (e) {
    return fail(400, Code.ADAPTER_GENERIC, (e as ParamError).message);
  }
  const userBytes = Buffer.byteLength(user);
  const passwordBytes = Buffer.byteLength(password);
  if (userBytes === 0 || userBytes > 24 || passwordBytes === 0 || passwordBytes > 24) {
    return fail(400, HTTP_GEN_TAOSD_TOKEN_ERR, 'generate taosd token error');
  }
  if (!deps.engine.authenticate(user, password)) return fail(401, RPC_AUTH_FAILURE, 'Authentication failure');
  return jsonResponse(200, '{"code":0,"desc":' + jsonString(encodeTaosdToken(user, password)) + '}');
}

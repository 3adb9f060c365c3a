/**
 * CORS as taosAdapter configures gin-contrib/cors by default (`config/cors.go`): all origins,
 * `Authorization` exposed, preflights answered 204. Requests without `Origin` are untouched.
 * We also allow the `Authorization` request header in preflights (taosAdapter's default list
 * omits it, which makes browser clients unable to authenticate cross-origin).
 */
import type { RestRequest, RestResponse } from './rest-types.js';

const ALLOW_METHODS = 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS';
const ALLOW_HEADERS = 'Origin,Content-Length,Content-Type,Authorization';

/** The preflight answer, when `request` is one. */
export function preflight(request: RestRequest): RestResponse | undefined {
  if (request.method !== 'OPTIONS' || !request.headers['origin']) return undefined;
  if (!request.headers['access-control-request-method']) return undefined;
  return {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': ALLOW_METHODS,
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': '43200',
    },
    body: '',
  };
}

/** `response` with the CORS headers a cross-origin `request` needs. */
export function withCors(request: RestRequest, response: RestResponse): RestResponse {
  if (!request.headers['origin']) return response;
  return {
    ...response,
    headers: {
      ...response.headers,
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'Authorization',
    },
  };
}

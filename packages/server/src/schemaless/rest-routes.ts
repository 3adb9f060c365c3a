import type { RestRouteEntry } from '../http/rest-types.js';
export const SCHEMALESS_ROUTES: readonly RestRouteEntry[] = [];

import type { JsonAction } from './ws-session.js';
export const SCHEMALESS_ACTIONS: Readonly<Record<string, JsonAction>> = {};

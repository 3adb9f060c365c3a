import type { BinaryActionHandler, JsonAction } from '../ws-session.js';
export const STMT2_ACTIONS: Readonly<Record<string, JsonAction>> = {};
export const STMT2_BINARY_ACTIONS: Readonly<Record<number, BinaryActionHandler>> = {};

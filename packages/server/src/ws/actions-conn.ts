/**
 * Connection actions of `/ws` (protocol.md §4.4, §4.8): `version`, `conn`,
 * `options_connection`, `get_current_db`, `get_server_info`, `get_connection_info`,
 * `check_server_status`.
 */
import { Code, TaosError } from '@taosts/protocol';
import { isValidTimeZone } from '@taosts/sql';
import type { Session } from '../engine/types.js';
import { argInt, argOptString, argString, type Args } from './args.js';
import type { JsonAction, WsSession } from './ws-session.js';

/** `taos_options_connection` option numbers (TA `driver/common/const.go`). */
const OPTION = { CLEAR: -1, CHARSET: 0, TIMEZONE: 1, USER_IP: 2, USER_APP: 3, CONNECTOR_INFO: 4 } as const;

/** TSDB_SRV_STATUS_SERVICE_OK. */
const SERVICE_OK = 2;

/** Go `time.LoadLocation` names: "" and "UTC" are UTC, otherwise IANA; offsets are refused. */
function zoneOf(tz: string): string {
  if (tz === '' || tz === 'UTC') return 'UTC';
  if (/^(?:(?:UTC|GMT)?[+-]\d|[Zz]$)/.test(tz) || !isValidTimeZone(tz)) {
    throw new TaosError(Code.INVALID_PARA, `Invalid timezone: ${tz}`);
  }
  return tz;
}

async function useDb(s: WsSession, session: Session, db: string): Promise<void> {
  // Database names are identifiers: a backtick can never be part of one.
  if (db.includes('`')) throw new TaosError(Code.DB_NOT_EXIST);
  const r = await s.engine.execute('use `' + db + '`', session);
  if (r.kind === 'query') r.close();
}

const version: JsonAction = (s) => ({ version: s.engine.version });

/** Who the `conn` acts as: a valid cloud token on the URL, else user/password. */
function authenticate(s: WsSession, user: string, password: string): string {
  const { urlToken } = s.peer;
  if (urlToken !== undefined && s.options.token !== undefined) {
    if (urlToken === s.options.token) return s.options.tokenUser ?? 'root';
    throw new TaosError(Code.AUTH_FAILURE, 'Authentication failure: invalid token');
  }
  if (!s.engine.authenticate(user, password))
    throw new TaosError(Code.AUTH_FAILURE, 'Authentication failure');
  return user;
}

const conn: JsonAction = async (s, args) => {
  const user = argString(args, 'user', 'connect');
  const password = argString(args, 'password', 'connect');
  const db = argString(args, 'db', 'connect');
  const mode = argInt(args, 'mode', 'connect');
  const tz = argOptString(args, 'tz', 'connect');
  const app = argOptString(args, 'app', 'connect');
  const ip = argOptString(args, 'ip', 'connect');
  const connector = argOptString(args, 'connector', 'connect');
  if (!s.beginConnect()) throw new TaosError(Code.ADAPTER_GENERIC, 'duplicate connections');
  let session: Session | undefined;
  try {
    const who = authenticate(s, user, password);
    if (mode !== undefined && mode !== 0)
      throw new TaosError(Code.ADAPTER_GENERIC, `unexpected mode:${mode}`);
    const candidate: Session = { user: who, timezone: tz === undefined ? s.defaultTimezone : zoneOf(tz) };
    if (db !== '') await useDb(s, candidate, db);
    if (app !== undefined) s.app = app;
    if (ip !== undefined && ip !== '') s.ip = ip;
    if (connector !== undefined) s.connector = connector;
    session = candidate;
  } finally {
    s.endConnect(session);
  }
  return { version: s.engine.version };
};

const optionsConnection: JsonAction = (s, args) => {
  const session = s.session!;
  const options = args.options;
  if (options !== undefined && options !== null && !Array.isArray(options)) {
    throw new TaosError(Code.ADAPTER_GENERIC, 'unmarshal options connection request error');
  }
  for (const o of (options ?? []) as unknown[]) {
    if (typeof o !== 'object' || o === null)
      throw new TaosError(Code.ADAPTER_GENERIC, 'unmarshal options connection request error');
    const opt = argInt(o as Args, 'option', 'options connection');
    const value = argOptString(o as Args, 'value', 'options connection');
    switch (opt) {
      case OPTION.CLEAR:
        session.timezone = s.defaultTimezone;
        s.ip = s.peer.ip ?? '';
        s.app = '';
        s.connector = '';
        break;
      case OPTION.CHARSET:
        break;
      case OPTION.TIMEZONE:
        session.timezone = value === undefined ? s.defaultTimezone : zoneOf(value);
        break;
      case OPTION.USER_IP:
        s.ip = value ?? s.peer.ip ?? '';
        break;
      case OPTION.USER_APP:
        s.app = value ?? '';
        break;
      case OPTION.CONNECTOR_INFO:
        s.connector = value ?? '';
        break;
      default:
        throw new TaosError(Code.INVALID_PARA, `Invalid parameters: unknown option ${String(opt)}`);
    }
  }
  return {};
};

const getCurrentDb: JsonAction = (s) => ({ db: s.session!.db ?? '' });

const getServerInfo: JsonAction = (s) => ({ info: s.engine.version });

const getConnectionInfo: JsonAction = (s, args) => {
  const info = argInt(args, 'info', 'get connection info') ?? 0;
  if (info !== 0)
    throw new TaosError(Code.INVALID_PARA, `Invalid parameters: unknown connection info ${info}`);
  return { info: s.session!.user };
};

const checkServerStatus: JsonAction = () => ({ status: SERVICE_OK, details: '' });

export const CONN_ACTIONS: Readonly<Record<string, JsonAction>> = {
  version,
  conn,
  options_connection: optionsConnection,
  get_current_db: getCurrentDb,
  get_server_info: getServerInfo,
  get_connection_info: getConnectionInfo,
  check_server_status: checkServerStatus,
};

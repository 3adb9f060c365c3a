/**
 * The WS `insert` action (protocol.md §7.1): schemaless lines into the connection's database.
 * Replies `affected_rows` (rows written) and `total_rows` (points parsed).
 */
import { Code, TaosError } from '@taosts/protocol';
import { parseBatch } from '../schemaless/parse-points.js';
import { schemalessWrite, sessionTick } from '../schemaless/schemaless-write.js';
import { argInt, argString } from './args.js';
import type { JsonAction } from './ws-session.js';

const insert: JsonAction = async (s, args) => {
  const protocol = argInt(args, 'protocol', 'schemaless') ?? 0;
  const precision = argString(args, 'precision', 'schemaless');
  const data = argString(args, 'data', 'schemaless');
  const ttl = argInt(args, 'ttl', 'schemaless') ?? 0;
  const tableNameKey = argString(args, 'table_name_key', 'schemaless');
  if (protocol === 0) throw new TaosError(Code.ADAPTER_GENERIC, 'schemaless write protocol is null');
  const tsTick = sessionTick(s.engine, s.session!);
  const batch = parseBatch(protocol, data, precision, { tableNameKey, ...(tsTick && { tsTick }) });
  const affected = await schemalessWrite(s.engine, s.session!, batch, { ttl, tableNameKey });
  return { affected_rows: affected, total_rows: batch.points };
};

export const SCHEMALESS_ACTIONS: Readonly<Record<string, JsonAction>> = { insert };

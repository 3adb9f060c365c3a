/**
 * Schemaless payloads → points, by protocol number as the WS `insert` action and the C API
 * number them (protocol.md §7.1): 1 InfluxDB line protocol, 2 OpenTSDB telnet, 3 OpenTSDB JSON.
 */
import {
  Code,
  TaosError,
  parseLineProtocol,
  parseOpenTsdbJson,
  parseOpenTsdbTelnet,
  smlPrecisionOf,
} from '@taosts/protocol';
import type { SmlPoint } from '@taosts/protocol';
import { SmlBatch } from './sml-batch.js';
import type { SmlBatchOptions } from './sml-batch.js';

export const SmlProtocol = { LINE: 1, TELNET: 2, JSON: 3 } as const;

/**
 * Parse `data` as `protocol`. `precision` is the request's (`''`, `h`, `m`, `s`, `ms`, `u`, `ns`;
 * anything else is "not configured", i.e. ns); telnet and JSON read it from the timestamps.
 */
export function parsePoints(protocol: number, data: string, precision: string | undefined): SmlPoint[] {
  switch (protocol) {
    case SmlProtocol.LINE:
      return parseLineProtocol(data, { precision: smlPrecisionOf(precision) });
    case SmlProtocol.TELNET:
      return parseOpenTsdbTelnet(data);
    case SmlProtocol.JSON:
      return data.trim() === '' ? [] : parseOpenTsdbJson(data);
    default:
      throw new TaosError(Code.SML_INVALID_PROTOCOL_TYPE, 'Invalid line protocol type');
  }
}

/**
 * Parse `data` as `protocol` into a batch grouped by child table; line protocol goes straight
 * from the text to columns.
 */
export function parseBatch(
  protocol: number,
  data: string,
  precision: string | undefined,
  opts: SmlBatchOptions = {},
): SmlBatch {
  if (protocol === SmlProtocol.LINE) return SmlBatch.fromLines(data, smlPrecisionOf(precision), opts);
  return SmlBatch.fromPoints(parsePoints(protocol, data, precision), opts);
}

import type { Storage } from '../storage/storage.js';
import type { IngestState } from '../ingest/relation-writer.js';
import type { Catalog } from './catalog.js';

/** What DDL executors need. They run under the engine's exclusive catalog lock. */
export interface DdlEnv {
  readonly catalog: Catalog;
  readonly storage: Storage;
  readonly state: IngestState;
  /** Session state a statement may read (current db, zone). */
  readonly sessionDb: string | undefined;
  readonly timezone: string;
  /** Statement time, ns. */
  readonly now: bigint;
}

export function nowMs(env: DdlEnv): bigint {
  return env.now / 1_000_000n;
}

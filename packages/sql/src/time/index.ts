/** Time handling shared by the translator, the ingest path and the REST renderer. */
export { parseTimestamp } from './parse-timestamp.js';
export { formatTimestamp } from './format-timestamp.js';
export { durationTicks, nsToTicks, ticksToNs, convertTicks, nsPerTick, UNIT_NS } from './ticks.js';
export { zoneOffsetSeconds, isValidTimeZone, wallToEpochMs } from './zone.js';
export { daysFromCivil, civilFromDays } from './civil.js';

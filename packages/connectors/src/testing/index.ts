// @aispm/connectors/testing: the tools vendors use to test a connector, the same ones aispm uses.

export type { VirtualClock } from '../runtime/clock';
export { createVirtualClock, seededRandom } from '../runtime/clock';
export type { ConformanceCheck, ConformanceOptions, ConformanceReport } from './conformance';
export { CONFORMANCE_CHECKS, checkConformance, createConformanceChecks, normalizeObservations, observationIds } from './conformance';
export type { RecordedExchange, ReplayServer, ReplayServerOptions } from './http-replay';
export { createReplayServer, fixtureDirName, RECORD_ENV, UPSTREAM_ENV } from './http-replay';
export { describeConformance } from './vitest';

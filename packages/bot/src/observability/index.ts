/** Decision capture: the ring, the hot-path recorder, enrichment and the background processor. */
export * from './ring.js';
export * from './capture.js';
export * from './enrich.js';
export * from './processor.js';
export * from './pipeline.js';

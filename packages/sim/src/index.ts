/**
 * @polymarket-arb/sim: the local Polymarket + Binance exchange simulator as a library. Start it
 * with `startSimulator(options)`; the `poly-sim` CLI (cli.ts) is a thin wrapper around it.
 */
export const PACKAGE_NAME = '@polymarket-arb/sim';
export * from './errors.js';
export { startSimulator, type Simulator, type SimulatorUrls } from './simulator.js';
export { startRestSimulator, type RestSimulator } from './rest-simulator.js';
export type { SimulatorOptions } from './options.js';
export type { SimControl, SimStats, MarketInfo } from './control.js';
export type { ConnectionStats, SentFrame, SentTag, FaultCounts } from './ws/stats.js';
export type { TruthEpisode } from './market/episodes.js';
export type { FrameFaultRates, FaultItem } from './faults.js';
export { FAULT_SPEC_HELP, parseFaultSpec } from './faults.js';
export { Catalog, type SimMarket } from './market/catalog-port.js';
export { loadRecording, type Recording, type ReplayFrame, type ReplaySpeed } from './replay.js';
export { MARKET_WS_PATH } from './server.js';

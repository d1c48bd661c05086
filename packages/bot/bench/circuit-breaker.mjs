/**
 * Circuit-breaker check (spec target < 10 ns): `canTrade(flags, nowMs)`, two field reads and a
 * compare, against a typical object-oriented breaker (state string, method call, Date.now()).
 *
 *   node packages/bot/bench/circuit-breaker.mjs      (after `npx tsc -b packages/bot`)
 */
import { canTrade, CircuitBreaker, ControlFlags } from '../dist/core/index.js';
import { consume, header, measure, report, sinkValue } from './lib.mjs';

header('circuit breaker');
const flags = new ControlFlags();
const breaker = new CircuitBreaker(flags, { max_consecutive_failures: 3, cooldown_ms: 60_000 });
breaker.trip(1_000); // open until 61_000: half of the checks below see it open, half closed

class NaiveBreaker {
  constructor() {
    this.state = 'closed';
    this.openedAt = 0;
    this.enabled = new Map([['trading', true]]);
  }
  canTrade() {
    if (!this.enabled.get('trading')) return false;
    if (this.state === 'open' && Date.now() - this.openedAt >= 60_000) this.state = 'closed';
    return this.state === 'closed';
  }
}
const naive = new NaiveBreaker();

const N = 20_000_000;
const ours = measure((i) => consume(canTrade(flags, 30_000 + (i & 65_535))), N);
const method = measure((i) => consume(breaker.isOpen(30_000 + (i & 65_535))), N);
const base = measure(() => consume(naive.canTrade()), N);
const empty = measure((i) => consume(i & 1), N);
report('canTrade(flags, now)  [two field reads]', ours, base, 10);
report('breaker.isOpen(now)   [one field read]', method, base, 10);
console.log(`  loop overhead alone (consume(i & 1)): ${empty.median.toFixed(2)} ns/op; figures above include it`);
console.log(`  (sink ${sinkValue()})`);

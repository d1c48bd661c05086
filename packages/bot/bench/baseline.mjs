/**
 * The baseline the benches compare against: the same computation written the obvious way, with
 * float prices, Map-based books keyed by price, fees in floating point and a decision object
 * allocated per evaluation. It is what the engine would look like without the typed-array book,
 * the fee table and the ring.
 */
export class NaiveBook {
  constructor() {
    this.asks = new Map();
    this.bids = new Map();
  }
  set(side, price, size) {
    const m = side === 'ask' ? this.asks : this.bids;
    if (size === 0) m.delete(price);
    else m.set(price, size);
  }
  bestAsk() {
    let best = Infinity;
    for (const p of this.asks.keys()) if (p < best) best = p;
    return best === Infinity ? -1 : best;
  }
  bestBid() {
    let best = -1;
    for (const p of this.bids.keys()) if (p > best) best = p;
    return best;
  }
  sizeAt(side, price) {
    return (side === 'ask' ? this.asks : this.bids).get(price) ?? 0;
  }
}

const fee = (p) => 0.07 * p * (1 - p);

/** Taker and maker variants, thresholds by phase, confidence: a float mirror of detectArb. */
export function naiveDetect(yes, no, remainingSecs) {
  const ya = yes.bestAsk();
  const na = no.bestAsk();
  const yb = yes.bestBid();
  const nb = no.bestBid();
  const threshold = remainingSecs > 600 ? 0.025 : remainingSecs > 300 ? 0.015 : 0.005;
  const takerNet = ya < 0 || na < 0 ? -1 : 1 - ya - na - fee(ya) - fee(na);
  const myb = yb < 0 ? -1 : Math.min(yb + 0.01, ya - 0.01);
  const mnb = nb < 0 ? -1 : Math.min(nb + 0.01, na - 0.01);
  const makerYes = myb < 0 || na < 0 ? -1 : 1 - myb - na - fee(na);
  const makerNo = mnb < 0 || ya < 0 ? -1 : 1 - mnb - ya - fee(ya);
  const best = Math.max(takerNet, makerYes, makerNo);
  const variant =
    takerNet >= threshold || takerNet >= Math.max(makerYes, makerNo) ? 'taker' : makerYes >= makerNo ? 'maker_yes' : 'maker_no';
  const gross = Math.max(ya < 0 || na < 0 ? -1 : 1 - ya - na, makerYes + fee(na), makerNo + fee(ya));
  return {
    variant,
    net: best,
    gross,
    threshold,
    passes: best >= threshold && best > 0,
    confidence: Math.min(1, best / (2 * threshold)) * 0.4 + 0.6,
  };
}

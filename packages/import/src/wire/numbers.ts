/**
 * Exact decimals from the JSON numbers of `/prices-history` and the Data API (`"p": 0.51`,
 * `"size": 92.59`). JavaScript prints a double as the shortest string that reads back to it,
 * which is the literal on the wire, so that string is parsed exactly into 6 decimals (the base
 * unit of pUSD and outcome tokens).
 *
 * Rounding rule: a value with more than 6 decimals (possible only as a float artifact of the
 * server's serialiser, e.g. 0.30000000000000004, since nothing on the venue is finer than 10^-6)
 * is rounded half-up to 6 decimals, and counted so the summary reports it.
 */
import { DecimalError, formatDecimal, parseDecimal } from '@polymarket-arb/domain';
import { WireFormatError } from '@polymarket-arb/venue';

const SIX_DECIMALS_RE = /^\d+(\.\d{1,6})?$/;

export class ExactNumbers {
  /** Values that had more than 6 decimals and were rounded. */
  rounded = 0;

  /** The exact decimal text (at most 6 decimals) of a non-negative JSON number. */
  decimal(value: unknown, what: string): string {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new WireFormatError(`${what} ${JSON.stringify(value)} is not a non-negative number.`);
    }
    const text = String(value);
    if (SIX_DECIMALS_RE.test(text)) return text;
    try {
      return formatDecimal(parseDecimal(text, 6, { what }), 6);
    } catch (err) {
      if (!(err instanceof DecimalError) || err.code !== 'E_DECIMAL_PRECISION') throw err;
    }
    this.rounded++;
    return formatDecimal(parseDecimal(text, 6, { what, rounding: 'half-up' }), 6);
  }
}

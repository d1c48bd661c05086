/**
 * The ground-truth log of injected arbitrage episodes: kept in memory for the library API and the
 * control endpoint, and appended as NDJSON (one episode per line) to `--truth FILE` when given.
 * Lines are written synchronously when an episode starts, so the file is complete even if the
 * process is killed; episodes are seconds apart, so this never touches the hot path.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { TruthEpisode } from './episodes.js';
import { TruthFileError } from '../errors.js';

export class TruthLog {
  private readonly episodes: TruthEpisode[] = [];

  /** `file`: NDJSON path, truncated now; undefined keeps the log in memory only. */
  constructor(private readonly file?: string) {
    if (file === undefined) return;
    try {
      writeFileSync(file, '');
    } catch (err) {
      throw new TruthFileError(`Cannot write the truth file ${file} (${(err as Error).message}).`, {
        hint: 'Give --truth a path in a directory that exists and is writable.',
      });
    }
  }

  add(episode: TruthEpisode): void {
    this.episodes.push(episode);
    if (this.file !== undefined) appendFileSync(this.file, `${JSON.stringify(episode)}\n`);
  }

  all(): readonly TruthEpisode[] {
    return this.episodes;
  }
}

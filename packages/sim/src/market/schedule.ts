/**
 * A tiny time-ordered queue of one-off jobs (window boundaries, episode starts and ends). Jobs at
 * the same instant run in the order they were added, which keeps runs reproducible.
 */
export interface Job {
  readonly atMs: number;
  readonly seq: number;
  readonly run: (atMs: number) => void;
}

export class Schedule {
  private readonly jobs: Job[] = [];
  private seq = 0;

  add(atMs: number, run: (atMs: number) => void): void {
    const job: Job = { atMs, seq: this.seq++, run };
    let i = this.jobs.length;
    while (i > 0 && (this.jobs[i - 1] as Job).atMs > atMs) i--;
    this.jobs.splice(i, 0, job);
  }

  /** Time of the next job, or Infinity. */
  nextAt(): number {
    return this.jobs[0]?.atMs ?? Number.POSITIVE_INFINITY;
  }

  /** Remove and return the next job. */
  shift(): Job | undefined {
    return this.jobs.shift();
  }

  get size(): number {
    return this.jobs.length;
  }
}

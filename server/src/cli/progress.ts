/** `Analyzing 120/2655 files…` on stderr, rewritten in place; only ever drawn on a terminal. */

/** The part of a stream the indicator needs. */
export interface ProgressStream {
  write(text: string): unknown;
}

/** A one-line progress indicator that leaves nothing behind once cleared. */
export class Progress {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
  ) {}

  /** Redraws at most every 100 ms (and always for the last file): terminals are slower than the analyzer. */
  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r\u001b[2KAnalyzing ${done}/${total} files…`);
  }

  /** Erases the line, so the report starts at column 0 of a clean line. */
  clear(): void {
    if (!this.drawn) return;
    this.drawn = false;
    this.stream.write('\r\u001b[2K');
  }
}

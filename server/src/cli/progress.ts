/** A one-line progress indicator on stderr, rewritten in place; only on a terminal. */
export class Progress {
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly enabled: boolean,
  ) {}

  /** Redraws at most every 100 ms. */
  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.stream.write(`\r\u001b[2KAnalyzing ${done}/${total} files…`);
  }

  /** Removes the line before the report is printed. */
  clear(): void {
    if (this.enabled) this.stream.write('\r\u001b[2K');
  }
}

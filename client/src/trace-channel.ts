/**
 * What the LanguageClient writes protocol traces to. vscode-languageclient traces only while its channel's log
 * level is Trace, so `httpResilience.trace.server` alone showed nothing; this channel reports level Trace while
 * the setting is `messages` or `verbose` and writes the traces into the "HTTP Resilience" channel at info level,
 * where "Show Output" opens. Off, it follows that channel's own level (Developer: Set Log Level… still works).
 */
import { type Disposable, EventEmitter, LogLevel, type LogOutputChannel, type ViewColumn, workspace } from 'vscode';

const traceSetting = 'httpResilience.trace.server';

/** Whether the trace setting asks for traces. */
function traceRequested(): boolean {
  const value = workspace.getConfiguration().get<string>(traceSetting, 'off');
  return value === 'messages' || value === 'verbose';
}

/** A LogOutputChannel over the main channel whose level the trace setting raises to Trace. */
export class TraceChannel implements LogOutputChannel, Disposable {
  private readonly changed = new EventEmitter<LogLevel>();
  private readonly listeners: Disposable[];
  private level: LogLevel;
  readonly onDidChangeLogLevel = this.changed.event;

  constructor(private readonly main: LogOutputChannel) {
    this.level = this.effectiveLevel();
    this.listeners = [
      workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(traceSetting)) this.refresh();
      }),
      main.onDidChangeLogLevel(() => this.refresh()),
    ];
  }

  get name(): string {
    return this.main.name;
  }

  get logLevel(): LogLevel {
    return this.level;
  }

  trace(message: string): void {
    // The main channel shows info lines at its default level; traces are only sent while they are wanted.
    this.main.info(`[trace] ${message}`);
  }

  debug(message: string, ...args: unknown[]): void {
    this.main.debug(message, ...args);
  }

  info(message: string, ...args: unknown[]): void {
    this.main.info(message, ...args);
  }

  warn(message: string, ...args: unknown[]): void {
    this.main.warn(message, ...args);
  }

  error(error: string | Error, ...args: unknown[]): void {
    this.main.error(error, ...args);
  }

  append(value: string): void {
    this.main.append(value);
  }

  appendLine(value: string): void {
    this.main.appendLine(value);
  }

  replace(value: string): void {
    this.main.replace(value);
  }

  clear(): void {
    this.main.clear();
  }

  show(columnOrPreserveFocus?: ViewColumn | boolean, preserveFocus?: boolean): void {
    this.main.show(typeof columnOrPreserveFocus === 'boolean' ? columnOrPreserveFocus : preserveFocus);
  }

  hide(): void {
    this.main.hide();
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.changed.dispose();
  }

  private effectiveLevel(): LogLevel {
    return traceRequested() ? LogLevel.Trace : this.main.logLevel;
  }

  private refresh(): void {
    const level = this.effectiveLevel();
    if (level === this.level) return;
    this.level = level;
    this.changed.fire(level);
  }
}

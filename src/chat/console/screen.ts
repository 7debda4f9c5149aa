import { clearLine, cursorTo } from 'node:readline';
import type { Writable } from 'node:stream';

/**
 * The service's terminal, shared by the console chat and the log: whatever is printed goes above the prompt, and the
 * prompt with what the owner has typed so far is drawn again below it, so a log line never cuts through a command.
 */
export class ConsoleScreen {
  private redraw: (() => void) | null = null;

  /** `interactive`: a person at a terminal (a prompt to keep), rather than a pipe or a test stream. */
  constructor(
    readonly output: Writable,
    readonly interactive: boolean,
  ) {}

  /** Prints whole lines above the prompt. */
  print(text: string): void {
    const body = text.endsWith('\n') ? text : `${text}\n`;
    if (!this.redraw) {
      this.output.write(body);
      return;
    }
    clearLine(this.output, 0);
    cursorTo(this.output, 0);
    this.output.write(body);
    this.redraw();
  }

  /** The console chat draws its prompt again after each print; null when it stops. */
  onPrinted(redraw: (() => void) | null): void {
    this.redraw = redraw;
  }
}

import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import { safeFileName } from '../file-name.js';
import type { ChatUser } from '../identity.js';
import type { CommandRouter, PreparedReply } from '../router.js';
import { ConsoleScreen } from './screen.js';

export const CONSOLE_USER: ChatUser = { platform: 'console', id: 'local', displayName: 'console', chatId: 'local', isGroup: false };

export const CONSOLE_PROMPT = 'axepilot> ';

export interface ConsoleAdapterOptions {
  router: CommandRouter;
  log: Logger;
  input: Readable;
  output: Writable;
  /** The terminal shared with the log (start.ts makes it); one over `output` otherwise. */
  screen?: ConsoleScreen;
  /** Where images and files go (data/out by default); their paths are printed. */
  outDir: string;
  /** Where the log goes while the console is interactive; said at start. */
  logFile?: string;
  /** Lines shown before the prompt (the demo says what it staged). */
  intro?: readonly string[];
  now: () => number;
}

/**
 * Commands typed into the service's own terminal, answered as the local admin. A newcomer can try every command
 * without a bot token: text is printed, charts and exports are written under data/out/ and their paths printed, and
 * alerts and benchmark progress arrive here as they would in a chat. Buttons are shown as numbered shortcuts
 * (`/1`, `/2`…) that press them. On a terminal there is a prompt that survives whatever else is printed.
 */
export class ConsoleAdapter implements Service {
  readonly name = 'console chat';
  readonly screen: ConsoleScreen;
  private lines: Interface | null = null;
  private shortcuts: string[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.screen = options.screen ?? new ConsoleScreen(options.output, false);
  }

  start(): Promise<void> {
    const interactive = this.screen.interactive;
    const lines = createInterface({
      input: this.options.input,
      output: interactive ? this.options.output : undefined,
      terminal: interactive,
      prompt: CONSOLE_PROMPT,
    });
    this.lines = lines;
    lines.on('line', (line) => {
      // One command at a time, in the order typed.
      this.queue = this.queue
        .then(() => this.handle(line))
        .catch((error: unknown) => {
          this.options.log.error({ err: errorMessage(error) }, 'console command failed');
          this.print(`That did not work: ${errorMessage(error)}`);
        })
        .finally(() => {
          if (this.lines === lines && interactive) lines.prompt();
        });
    });
    for (const line of this.options.intro ?? []) this.print(line);
    if (this.options.logFile) this.print(`The log goes to ${this.options.logFile}; warnings and errors show here too.`);
    this.print('Type /help for commands (you are the local admin).');
    if (interactive) {
      this.screen.onPrinted(() => lines.prompt(true));
      lines.prompt();
    }
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.screen.onPrinted(null);
    this.lines?.close();
    this.lines = null;
    await this.queue;
  }

  /** Prints above the prompt: replies, alerts, benchmark progress, the demo's notes. */
  print(text: string): void {
    this.screen.print(text);
  }

  /** Handles one typed line; public for tests. */
  async handle(line: string): Promise<void> {
    const trimmed = line.trim();
    if (!trimmed) return;
    const shortcut = /^\/(\d{1,2})$/.exec(trimmed);
    const buttonId = shortcut ? this.shortcuts[Number(shortcut[1]) - 1] : undefined;
    if (shortcut && !buttonId) {
      this.print(`The last message has no button ${shortcut[1]}.`);
      return;
    }
    if (buttonId) {
      const outcome = await this.options.router.pressButton(CONSOLE_USER, buttonId);
      if (outcome.notice) this.print(outcome.notice);
      if (outcome.reply) this.render(outcome.reply);
      return;
    }
    const reply = await this.options.router.handleText(CONSOLE_USER, trimmed.startsWith('/') ? trimmed : `/${trimmed}`);
    if (reply) this.render(reply);
    else this.print(`"${trimmed}" is not a command. Type /help for the list.`);
  }

  /** Shows a reply, an alert or any other message in the console's own way; its buttons become `/1`, `/2`… */
  render(reply: PreparedReply): void {
    const out: string[] = [];
    for (const block of reply.blocks) {
      if (block.kind === 'text') {
        out.push(block.style === 'title' ? `== ${block.text} ==` : block.text);
      } else {
        const path = block.kind === 'file' && 'path' in block ? this.move(block.path, block.filename) : this.save(block.kind === 'image' ? block.png : block.data, block.filename);
        if (block.caption) out.push(block.caption);
        out.push(`→ ${path}`);
      }
    }
    this.shortcuts = reply.buttons.flat().map((b) => b.id);
    const labels = reply.buttons.flat().map((b, i) => `/${i + 1} ${b.label}`);
    if (labels.length > 0) out.push(`[${labels.join('] [')}]`);
    this.print(out.join('\n'));
  }

  private save(data: Buffer, filename: string): string {
    const path = this.pathFor(filename);
    writeFileSync(path, data);
    return path;
  }

  /** A file the command wrote to disk (an export) is moved here, never read into memory. */
  private move(from: string, filename: string): string {
    const path = this.pathFor(filename);
    try {
      renameSync(from, path);
    } catch {
      // Another file system (a temp folder elsewhere): copy, then remove the original.
      copyFileSync(from, path);
      rmSync(from, { force: true });
    }
    return path;
  }

  private pathFor(filename: string): string {
    mkdirSync(this.options.outDir, { recursive: true });
    const stamp = new Date(this.options.now()).toISOString().replace(/[:.]/g, '-');
    return join(this.options.outDir, `${stamp}-${safeFileName(filename)}`);
  }
}

import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/service.js';
import type { ChatUser } from '../identity.js';
import type { CommandRouter, PreparedReply } from '../router.js';

export const CONSOLE_USER: ChatUser = { platform: 'console', id: 'local', displayName: 'console', chatId: 'local', isGroup: false };

export interface ConsoleAdapterOptions {
  router: CommandRouter;
  log: Logger;
  input: Readable;
  output: Writable;
  /** Where images and files go (data/out by default); their paths are printed. */
  outDir: string;
  now: () => number;
}

/**
 * Commands typed into the service's own terminal, answered as the local admin. A newcomer can try every command
 * without a bot token: text is printed, charts and exports are written under data/out/ and their paths printed.
 * Buttons are shown as numbered shortcuts (`/1`, `/2`…) that press them.
 */
export class ConsoleAdapter implements Service {
  readonly name = 'console chat';
  private lines: Interface | null = null;
  private shortcuts: string[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleAdapterOptions) {}

  start(): Promise<void> {
    this.lines = createInterface({ input: this.options.input, terminal: false });
    this.lines.on('line', (line) => {
      // One command at a time, in the order typed.
      this.queue = this.queue.then(() => this.handle(line)).catch((error: unknown) => {
        this.options.log.error({ err: errorMessage(error) }, 'console command failed');
      });
    });
    this.write('Type /help for commands (you are the local admin).\n');
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.lines?.close();
    this.lines = null;
    await this.queue;
  }

  /** Handles one typed line; public for tests. */
  async handle(line: string): Promise<void> {
    const trimmed = line.trim();
    if (!trimmed) return;
    const shortcut = /^\/(\d{1,2})$/.exec(trimmed);
    const buttonId = shortcut ? this.shortcuts[Number(shortcut[1]) - 1] : undefined;
    if (shortcut && !buttonId) {
      this.write(`The last reply has no button ${shortcut[1]}.\n`);
      return;
    }
    if (buttonId) {
      const outcome = await this.options.router.pressButton(CONSOLE_USER, buttonId);
      if (outcome.notice) this.write(`${outcome.notice}\n`);
      if (outcome.reply) this.render(outcome.reply);
      return;
    }
    const reply = await this.options.router.handleText(CONSOLE_USER, trimmed.startsWith('/') ? trimmed : `/${trimmed}`);
    if (reply) this.render(reply);
  }

  private render(reply: PreparedReply): void {
    for (const block of reply.blocks) {
      if (block.kind === 'text') {
        this.write(`${block.style === 'title' ? block.text.toUpperCase() : block.text}\n`);
      } else {
        const path = block.kind === 'file' && 'path' in block ? this.move(block.path, block.filename) : this.save(block.kind === 'image' ? block.png : block.data, block.filename);
        this.write(`${block.caption ? `${block.caption}\n` : ''}→ ${path}\n`);
      }
    }
    this.shortcuts = reply.buttons.flat().map((b) => b.id);
    const labels = reply.buttons.flat().map((b, i) => `/${i + 1} ${b.label}`);
    if (labels.length > 0) this.write(`[${labels.join('] [')}]\n`);
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
    return join(this.options.outDir, `${stamp}-${filename}`);
  }

  private write(textOut: string): void {
    this.options.output.write(textOut);
  }
}

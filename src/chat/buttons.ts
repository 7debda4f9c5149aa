import { randomBytes } from 'node:crypto';
import type { ButtonRef, ReplyButton } from './reply.js';

/** Command buttons (chart range switches) live a day unless they say otherwise; confirmations set their own expiry. */
const DEFAULT_LIFETIME_MS = 24 * 3_600_000;

interface StoredButton {
  button: ReplyButton;
  expiresAt: number;
  used: boolean;
}

export type ButtonLookup =
  | { kind: 'ok'; button: ReplyButton }
  | { kind: 'unknown' }
  | { kind: 'expired' }
  | { kind: 'used' }
  | { kind: 'not-yours' };

/**
 * Server-side button actions behind short random ids. Telegram's callback_data holds 64 bytes and a client may send
 * data that matches no button, so the id is only a key: who may press, until when, and what it does stay here.
 */
export class ButtonRegistry {
  private readonly buttons = new Map<string, StoredButton>();

  constructor(private readonly maxButtons = 5000) {}

  register(button: ReplyButton, now: number): ButtonRef {
    const id = `b${randomBytes(9).toString('base64url')}`;
    this.buttons.set(id, { button, expiresAt: button.expiresAt ?? now + DEFAULT_LIFETIME_MS, used: false });
    while (this.buttons.size > this.maxButtons) {
      const oldest = this.buttons.keys().next().value;
      if (oldest === undefined) break;
      this.buttons.delete(oldest);
    }
    return buttonRef(button, id);
  }

  /** Looks a press up; a callback (confirmation) button works once, for its user, before it expires. */
  take(id: string, presserKey: string, now: number): ButtonLookup {
    const stored = this.buttons.get(id);
    if (!stored) return { kind: 'unknown' };
    if (now > stored.expiresAt) {
      this.buttons.delete(id);
      return { kind: 'expired' };
    }
    if (stored.button.onlyUser && stored.button.onlyUser !== presserKey) return { kind: 'not-yours' };
    if (stored.button.action.kind === 'callback') {
      if (stored.used) return { kind: 'used' };
      stored.used = true;
    }
    return { kind: 'ok', button: stored.button };
  }
}

/** The button as a message carries it: its label, the id a press sends back, how to colour it, when it expires. */
export function buttonRef(button: ReplyButton, id: string): ButtonRef {
  return {
    label: button.label, id,
    ...(button.intent ? { intent: button.intent } : {}),
    ...(button.expiresAt !== undefined ? { expiresAt: button.expiresAt } : {}),
  };
}

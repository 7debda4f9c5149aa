import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ButtonIntent, MessageButton } from './message.js';

/**
 * The button-id protocol, in one place. A button's id is opaque to the platforms; it is either a server-side key the
 * chat router keeps (`b…`), or an inline command button that carries its command line itself.
 *
 * Inline command buttons carry their command line in the button's data (`c:` sends a new message, `e:` edits the one
 * pressed) so they survive a restart. Telegram does not promise that callback data came from a real button: a
 * modified client can send any text against any of the bot's messages. The data therefore carries an HMAC of the
 * line, with a key only this database knows, cut to 64 bits to fit Telegram's 64-byte callback_data:
 * `c:<11 characters>:<line>`. A forged or pre-signature id is refused and never edits anything.
 */
export type InlineButton = { line: string; edit: boolean };

export type InlineVerdict = { kind: 'inline'; button: InlineButton } | { kind: 'forged' } | { kind: 'not-inline' };

const MAC_BYTES = 8;
const MAC_CHARS = 11;
/** What signing adds to `c:<line>`: the MAC and its separator. */
const SIGNATURE_OVERHEAD_BYTES = MAC_CHARS + 1;
/** Telegram's callback_data holds 64 bytes; every platform's button ids keep to that. */
export const MAX_BUTTON_ID_BYTES = 64;

/**
 * A button that runs `line` as if the presser had typed it, with the presser's role (`ack a1b2…`, `snooze a1b2… 1h`),
 * composed anywhere below chat: unsigned (`c:<line>`); the chat router signs it right before it is sent. It keeps
 * working after a restart. Null when the line is too long to fit 64 bytes once signed.
 */
export function commandButton(label: string, line: string, options: { edit?: boolean; intent?: ButtonIntent } = {}): MessageButton | null {
  const id = `${options.edit ? 'e' : 'c'}:${line}`;
  if (Buffer.byteLength(id) + SIGNATURE_OVERHEAD_BYTES > MAX_BUTTON_ID_BYTES) return null;
  return options.intent ? { label, id, intent: options.intent } : { label, id };
}

export class ButtonSigner {
  constructor(private readonly key: Buffer) {}

  sign(button: InlineButton): string {
    const kind = button.edit ? 'e' : 'c';
    return `${kind}:${this.mac(kind, button.line)}:${button.line}`;
  }

  verify(id: string): InlineVerdict {
    const inline = /^([ce]):(.*)$/s.exec(id);
    if (!inline) return { kind: 'not-inline' };
    const kind = inline[1] ?? 'c';
    const signed = /^([A-Za-z0-9_-]{11}):(.+)$/s.exec(inline[2] ?? '');
    if (!signed?.[1] || !signed[2]) return { kind: 'forged' };
    const expected = Buffer.from(this.mac(kind, signed[2]));
    const given = Buffer.from(signed[1]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'forged' };
    return { kind: 'inline', button: { line: signed[2], edit: kind === 'e' } };
  }

  /** An id in the unsigned form others compose (`c:ack a1`), or null when it is not one. */
  static unsigned(id: string): InlineButton | null {
    const inline = /^([ce]):(.+)$/s.exec(id);
    return inline?.[2] ? { line: inline[2], edit: inline[1] === 'e' } : null;
  }

  private mac(kind: string, line: string): string {
    return createHmac('sha256', this.key).update(`${kind}:${line}`).digest().subarray(0, MAC_BYTES).toString('base64url');
  }
}

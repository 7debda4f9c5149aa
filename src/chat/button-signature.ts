import { createHmac, timingSafeEqual } from 'node:crypto';

/**
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
export const SIGNATURE_OVERHEAD_BYTES = MAC_CHARS + 1;

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

import { PlatformUnavailableError } from '../errors.js';

/**
 * Whether a notification channel sends: on when configured, off for the rest of the process once its server refused
 * the credentials or the address (401/403/404). Off, it refuses at once without a request, so the outbox keeps its
 * messages without knocking on a door that said no; a restart with a fixed config turns it back on.
 */
export class ChannelSwitch {
  private offBecause: string | null = null;

  constructor(
    private readonly name: string,
    private readonly configured: boolean,
  ) {}

  get enabled(): boolean {
    return this.configured && this.offBecause === null;
  }

  /** Runs one delivery when on; an answer that turns the channel off is remembered here. */
  async deliver<T>(send: () => Promise<T>): Promise<T> {
    if (!this.configured) throw new PlatformUnavailableError(`${this.name} is not configured (notify.${this.name})`);
    if (this.offBecause !== null) throw new PlatformUnavailableError(`${this.name} is off: ${this.offBecause}`);
    try {
      return await send();
    } catch (error) {
      if (error instanceof PlatformUnavailableError && error.turnedOff) this.offBecause = error.message;
      throw error;
    }
  }
}

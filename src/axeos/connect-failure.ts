import { TransportFailure } from './transport.js';

/**
 * No connection was ever made (refused, host not found, connect timeout, no route), so the request certainly did
 * not reach the device. Plain TransportFailures after connecting are ambiguous: the device may have acted on the
 * request before the answer was lost, which is how v2.0.x answers a restart.
 */
export class ConnectFailure extends TransportFailure {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'ConnectFailure';
  }
}

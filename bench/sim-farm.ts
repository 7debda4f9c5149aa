/**
 * A child process serving many simulated miners from one HTTP server, each under its own path prefix
 * (`/m/<index>/api/system/info`), so the collector benchmark measures the collector's CPU, not the simulator's.
 * Prints `READY <port>` when listening; exits when its parent closes stdin.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RealClock } from '../src/core/clock.js';
import { SimulatedMiner } from '../src/sim/device.js';

const count = Number(process.argv[2] ?? '1000');
const clock = new RealClock();
const miners = Array.from({ length: count }, (_, i) => new SimulatedMiner({ model: 'gamma', seed: i + 1, clock }));

const server = createServer((req, res) => {
  const match = /^\/m\/(\d+)(\/.*)$/.exec(req.url ?? '');
  const miner = match ? miners[Number(match[1])] : undefined;
  if (!match || !miner) {
    res.writeHead(404).end();
    return;
  }
  miner
    .handle({ method: req.method ?? 'GET', path: match[2] ?? '/' })
    .then((answer) => {
      if (answer.kind === 'no-answer') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
    })
    .catch(() => res.writeHead(500).end());
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));

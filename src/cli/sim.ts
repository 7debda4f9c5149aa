import { parseArgs } from 'node:util';
import { RealClock } from '../core/clock.js';
import { parseModelList, startSimFleet } from '../sim/fleet.js';

/** `axepilot sim --port 4100 --models gamma,supra,ultra`: simulated miners on 127.0.0.1 until Ctrl-C. */
export async function runSim(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string', default: '4100' }, models: { type: 'string', default: 'gamma,supra,ultra' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`--port must be a port number, not "${values.port}"\n`);
    return 2;
  }
  const models = parseModelList(values.models);
  const fleet = await startSimFleet({ models, basePort: port, clock: new RealClock() });
  for (const miner of fleet.miners) process.stdout.write(`${miner.name}\t${miner.url}\n`);
  process.stdout.write('faults: curl -X POST <url>/__sim/faults -d \'{"fault":"overheat"}\'   state: <url>/__sim/state\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await fleet.close();
  return 0;
}

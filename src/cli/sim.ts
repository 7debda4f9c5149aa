import { RealClock } from '../core/clock.js';
import { parseModelList, startSimFleet, type SimFleet } from '../sim/fleet.js';
import { CliUsageError, EXIT_USAGE, parseCliArgs } from './args.js';

/** `axepilot sim --port 4100 --models gamma,supra,ultra`: simulated miners on 127.0.0.1 until Ctrl-C. */
export async function runSim(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseCliArgs('sim', args, {
      port: { type: 'string', default: '4100' }, models: { type: 'string', default: 'gamma,supra,ultra' },
    }));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`axepilot sim: --port must be a port number, not "${values.port}"\n`);
    return EXIT_USAGE;
  }
  const models = parseModelList(values.models);
  let fleet: SimFleet;
  try {
    fleet = await startSimFleet({ models, basePort: port, clock: new RealClock() });
  } catch (error) {
    const { code, port: busy } = error as { code?: string; port?: number };
    if (code === 'EADDRINUSE') {
      const last = port + models.length - 1;
      process.stderr.write(`axepilot sim: port ${busy ?? port} is in use (the simulators need ${last > port ? `${port}–${last}` : port}); try --port ${port + 100}\n`);
      return 1;
    }
    throw error;
  }
  for (const miner of fleet.miners) process.stdout.write(`${miner.name}\t${miner.url}\n`);
  process.stdout.write('faults: curl -X POST <url>/__sim/faults -d \'{"fault":"overheat"}\'   state: <url>/__sim/state\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await fleet.close();
  return 0;
}

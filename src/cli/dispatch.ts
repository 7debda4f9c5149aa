import { errorMessage } from '../core/errors.js';
import { runBackup } from './backup.js';
import { runBench } from './bench.js';
import { runConfigCheck } from './config-check.js';
import { runHealth } from './health.js';
import { probeHealthz } from './healthz-probe.js';
import { loadConfig } from '../config/load.js';
import { runPoll } from './poll.js';
import { runSim } from './sim.js';
import { runStart } from './start.js';

const USAGE = `axepilot — looks after Bitaxe / NerdQAxe miners

Usage:
  axepilot start                         run the service (simulated miners when none are configured)
  axepilot poll <host-or-url> [--json]   poll one miner once and print its normalized telemetry
  axepilot sim [--port 4100] [--models gamma,supra,ultra]
                                         run simulated miners on 127.0.0.1, one per port
  axepilot bench <host-or-url> [--strategy smart|classic] [--objective efficiency|hashrate|balanced]
                 [--mode quick|full] [--apply] [--json]
                                         benchmark one miner (crash-safe; its original settings go back)
  axepilot bench --sim <model> --seed <n> [--json]
                                         the same on a simulated miner, on a virtual clock (seconds)
  axepilot config check                  validate the configuration and print it (secrets redacted)
  axepilot health                        exit 0 when the running service polls and saves (/healthz when http is on, else its
                                         heartbeat file)
  axepilot backup <file>                 copy the database safely while the service runs

Environment: AXEPILOT_CONFIG (config file), AXEPILOT_DB (database), TELEGRAM_BOT_TOKEN, DISCORD_TOKEN, AXEPILOT_HTTP_TOKEN,
AXEPILOT_MQTT_USERNAME, AXEPILOT_MQTT_PASSWORD, AXEPILOT_INFLUX_TOKEN, LOG_LEVEL.`;

/** Runs one command line; returns the exit code. */
export async function runCommandLine(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await runStart(rest);
      case 'poll':
        return await runPoll(rest);
      case 'sim':
        return await runSim(rest);
      case 'config':
        if (rest[0] === 'check') return runConfigCheck(rest.slice(1));
        process.stderr.write(`axepilot config: unknown subcommand ${rest[0] ?? '(none)'}; try: axepilot config check\n`);
        return 2;
      case 'health':
        // With the HTTP endpoint on, the service's own /healthz answers; otherwise its heartbeat file.
        return (await probeHealthz(loadConfig().config)) ?? runHealth(rest);
      case 'bench':
        return await runBench(rest);
      case 'backup':
        return await runBackup(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`axepilot: unknown command "${command}"\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    process.stderr.write(`axepilot ${command}: ${errorMessage(error)}\n`);
    return 1;
  }
}

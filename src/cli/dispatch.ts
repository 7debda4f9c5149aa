import { errorMessage } from '../core/errors.js';

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

/**
 * Runs one command line; returns the exit code. Each command's module is loaded only when it runs: `--help` and
 * `poll` need neither the chat libraries nor the chart renderer, and loading them costs most of a start.
 */
export async function runCommandLine(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await (await import('./start.js')).runStart(rest);
      case 'poll':
        return await (await import('./poll.js')).runPoll(rest);
      case 'sim':
        return await (await import('./sim.js')).runSim(rest);
      case 'config':
        if (rest[0] === 'check') return (await import('./config-check.js')).runConfigCheck(rest.slice(1));
        process.stderr.write(`axepilot config: unknown subcommand ${rest[0] ?? '(none)'}; try: axepilot config check\n`);
        return 2;
      case 'health':
        // With the HTTP endpoint on, the service's own /healthz answers; otherwise its heartbeat file.
        return (await (await import('./healthz-probe.js')).probeHealthz((await import('../config/load.js')).loadConfig().config))
          ?? (await import('./health.js')).runHealth(rest);
      case 'bench':
        return await (await import('./bench.js')).runBench(rest);
      case 'backup':
        return await (await import('./backup.js')).runBackup(rest);
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

import { runCommandLine } from './cli/dispatch.js';

// The `axepilot` command. Each subcommand lives in src/cli/; this file only hands over the arguments.
process.exitCode = await runCommandLine(process.argv.slice(2));

#!/usr/bin/env node
// `npm ci` runs this (after the build, from `prepare`): it links node_modules/.bin/axepilot to bin/axepilot.js so
// `npx axepilot …` works in the repository. Why not a `bin` entry in package.json: when the project's own
// package.json names the command, npm's exec loads the whole installed tree (about 0.5 s on every call) to install the
// project into its npx cache; a command already in node_modules/.bin is run at once. The package is private and never
// installed globally, so the `bin` entry bought nothing else.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const link = join(binDir, 'axepilot');

mkdirSync(binDir, { recursive: true });
// A link from an earlier install goes first (removing a link never touches what it points to); git keeps the target's
// executable bit.
rmSync(link, { force: true });
symlinkSync(join('..', '..', 'bin', 'axepilot.js'), link);

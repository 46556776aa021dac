#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript (npm ci runs `tsc -b` through the root `prepare`).
import { runCli } from '../dist/src/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));

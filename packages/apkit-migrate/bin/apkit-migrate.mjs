#!/usr/bin/env node
// The CLI's code is compiled from src/ to lib/ (npm run build in this package).
import { main } from "../lib/cli.js";

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });

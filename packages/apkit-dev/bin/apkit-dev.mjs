#!/usr/bin/env node
// The apkit-dev command (src/cli.mjs).
import { main } from "../src/cli.mjs";

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exit(code);

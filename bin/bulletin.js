#!/usr/bin/env node
// The bin shim: everything lives in dist/cli (compiled from src/cli), which returns an exit code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

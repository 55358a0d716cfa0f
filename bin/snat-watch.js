#!/usr/bin/env node
// The installed command: runs the bundled CLI (npm run build produces dist/cli.js).
import '../dist/cli.js';

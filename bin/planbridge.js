#!/usr/bin/env node
'use strict';
// Checks the Node.js version, builds dist/ when the sources are newer, then hands over to the compiled CLI.
// Written for any Node.js, however old: it must get as far as saying which version it needs.
// 22.13: node:sqlite (the SQLite ledger) without a flag, and require() of ES modules (aedes); Node-RED 5 needs 22.9.
var NEEDED = [22, 13];
var running = process.versions.node.split('.').map(Number);
if (running[0] < NEEDED[0] || (running[0] === NEEDED[0] && running[1] < NEEDED[1])) {
  console.error(
    'planbridge needs Node.js ' +
      NEEDED.join('.') +
      ' or later (24 LTS recommended), not ' +
      process.version +
      ': run it through `npm start`, which uses the Node.js 24 that `npm ci` installs, or install Node.js 24.',
  );
  process.exit(1);
}

const path = require('node:path');
const started = Date.now();
// Progress goes to stderr for the other commands, whose stdout may be parsed (edi parse --json).
const progress = process.argv[2] === 'start' ? console.log : console.error;

try {
  require(path.join(__dirname, '..', 'scripts', 'build.js')).buildIfNeeded({
    onBuild: () => progress('planbridge: building the TypeScript sources (first start, or sources changed)...'),
    onBuilt: () => progress(`planbridge: built in ${((Date.now() - started) / 1000).toFixed(1)} s`),
  });
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
require(path.join(__dirname, '..', 'dist', 'runtime', 'cli.js'))
  .main(process.argv.slice(2), started)
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  })
  .catch((err) => {
    console.error(err && err.message ? err.message : err);
    process.exit(1);
  });

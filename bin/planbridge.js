#!/usr/bin/env node
'use strict';
// Builds dist/ when the sources are newer, then hands over to the compiled CLI.
const path = require('node:path');

try {
  require(path.join(__dirname, '..', 'scripts', 'build.js')).buildIfNeeded();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
require(path.join(__dirname, '..', 'dist', 'runtime', 'cli.js'))
  .main(process.argv.slice(2))
  .then((code) => { if (typeof code === 'number') process.exitCode = code; })
  .catch((err) => {
    console.error(err && err.message ? err.message : err);
    process.exit(1);
  });

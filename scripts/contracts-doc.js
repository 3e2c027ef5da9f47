#!/usr/bin/env node
'use strict';
// Writes docs/contracts.md from the compiled contract schemas (run `npm run build` first).
const fs = require('node:fs');
const path = require('node:path');
const { renderContractsDoc } = require('../dist/nodes/canonical/contracts-doc');

fs.writeFileSync(path.join(__dirname, '..', 'docs', 'contracts.md'), renderContractsDoc());
console.log('wrote docs/contracts.md');

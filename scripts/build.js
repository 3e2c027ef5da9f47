#!/usr/bin/env node
// Compiles the TypeScript sources to dist/ and mirrors the editor files (.html, locales/, icons/)
// beside the compiled .js, where Node-RED's loader looks for them.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const assetDirs = ['nodes', 'sandbox'];
const sourceDirs = ['nodes', 'runtime', 'sandbox', 'bench'];
const sourceFiles = ['settings.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
const stampFile = path.join(dist, '.build-stamp');

function newestSourceMtime() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else if (st.mtimeMs > newest) {
      newest = st.mtimeMs;
    }
  };
  for (const d of sourceDirs) visit(path.join(root, d));
  for (const f of sourceFiles) visit(path.join(root, f));
  return newest;
}

function isUpToDate() {
  try {
    return fs.statSync(stampFile).mtimeMs >= newestSourceMtime();
  } catch {
    return false;
  }
}

function build() {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    throw new Error('planbridge: dist/ is missing or stale and TypeScript is not installed; run `npm ci` first');
  }
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('planbridge: TypeScript compilation failed');
  for (const dir of assetDirs) {
    const from = path.join(root, dir);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(dist, dir), { recursive: true, filter: (f) => !f.endsWith('.ts') });
  }
  linkSelf();
  fs.writeFileSync(stampFile, new Date().toISOString() + '\n');
}

// Node packs inside this repository (examples/packs/) import planbridge by its name and public entry
// points (package.json "exports"), as packs outside it do: node_modules/planbridge links to this package.
function linkSelf() {
  const link = path.join(root, 'node_modules', 'planbridge');
  try {
    if (fs.realpathSync(link) === fs.realpathSync(root)) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // no link yet
  }
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync('..', link, 'dir');
}

/** Builds when dist/ is missing or older than a source; `hooks` report the step (a first build takes half a minute). */
function buildIfNeeded(hooks = {}) {
  if (isUpToDate()) return linkSelf();
  if (hooks.onBuild) hooks.onBuild();
  build();
  if (hooks.onBuilt) hooks.onBuilt();
}

module.exports = { build, buildIfNeeded, isUpToDate };

if (require.main === module) {
  try {
    build();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}

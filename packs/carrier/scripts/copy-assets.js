// Node-RED looks for a node's editor file, help and icons beside its compiled .js.
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
fs.cpSync(path.join(root, 'nodes'), path.join(root, 'dist', 'nodes'), { recursive: true, filter: (f) => !f.endsWith('.ts') });

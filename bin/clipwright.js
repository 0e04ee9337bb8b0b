#!/usr/bin/env node
// The installed command. The TypeScript is compiled to dist/ by `npm install` (the prepare script).
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'clipwright is not built yet: run `npm run build` in ' + path.dirname(__dirname) + '\n',
  );
  process.exit(1);
}
require(entry).main(process.argv.slice(2));

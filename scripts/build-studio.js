#!/usr/bin/env node
// Builds the web studio (apps/studio) into dist/studio with esbuild: one minified script, one
// stylesheet, index.html. Run by `npm run build` (and so at install, through `prepare`); the API
// serves the folder under /studio. Prints the byte sizes so page weight changes are seen.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const src = path.join(root, 'apps/studio/src');
const out = path.join(root, 'dist/studio');

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(src, 'main.tsx')],
    outfile: path.join(out, 'studio.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox115', 'safari16'],
    tsconfig: path.join(root, 'apps/studio/tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'linked',
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'studio.css']) fs.copyFileSync(path.join(src, f), path.join(out, f));
  // Compressed once here, so the API sends the .gz to browsers that accept gzip without compressing per request.
  for (const f of ['studio.js', 'studio.css']) {
    const body = fs.readFileSync(path.join(out, f));
    fs.writeFileSync(path.join(out, `${f}.gz`), zlib.gzipSync(body, { level: 9 }));
  }
  for (const f of fs.readdirSync(out)) {
    const size = fs.statSync(path.join(out, f)).size;
    process.stdout.write(`dist/studio/${f} ${(size / 1024).toFixed(1)} KiB\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`studio build failed: ${e.message}\n`);
  process.exit(1);
});

#!/usr/bin/env node
// Builds the editor plugins into dist/plugins:
//   premiere/ + clipwright-premiere.ccx  the UXP panel; a .ccx is a zip with manifest.json at its root.
//                                         CLIPWRIGHT_SERVER (default http://localhost:3000) becomes the
//                                         manifest's only network domain.
//   resolve/com.clipwright.resolve/      the Workflow Integration plugin folder (add Resolve's
//                                         WorkflowIntegration.node, see plugins/resolve/README.md).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { URL } = require('node:url');
const esbuild = require('esbuild');
const AdmZip = require('adm-zip');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist/plugins');

function server() {
  const raw = process.env.CLIPWRIGHT_SERVER ?? 'http://localhost:3000';
  const url = new URL(raw);
  if (!/^https?:$/.test(url.protocol)) throw new Error(`CLIPWRIGHT_SERVER must be http(s), not ${raw}`);
  return url.origin;
}

async function bundle(entry, outfile) {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'ClipwrightPanel',
    // The host's own modules, resolved by UXP's require at run time.
    external: ['uxp', 'premierepro'],
    target: ['chrome110'],
    tsconfig: path.join(root, 'apps/studio/tsconfig.json'),
    logLevel: 'warning',
  });
}

function copy(from, to, files) {
  for (const f of files) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
  const css = path.join(root, 'plugins/panel/src/panel.css');

  const premiere = path.join(out, 'premiere');
  fs.mkdirSync(premiere, { recursive: true });
  await bundle(path.join(root, 'plugins/premiere/src/index.ts'), path.join(premiere, 'panel.js'));
  copy(path.join(root, 'plugins/premiere'), premiere, ['index.html', 'host.js']);
  fs.copyFileSync(css, path.join(premiere, 'panel.css'));
  const manifest = fs
    .readFileSync(path.join(root, 'plugins/premiere/manifest.json'), 'utf8')
    .replace('__CLIPWRIGHT_SERVER__', server());
  fs.writeFileSync(path.join(premiere, 'manifest.json'), manifest);
  const zip = new AdmZip();
  for (const f of fs.readdirSync(premiere)) zip.addLocalFile(path.join(premiere, f));
  zip.writeZip(path.join(out, 'clipwright-premiere.ccx'));

  const resolve = path.join(out, 'resolve/com.clipwright.resolve');
  fs.mkdirSync(resolve, { recursive: true });
  await bundle(path.join(root, 'plugins/resolve/src/index.ts'), path.join(resolve, 'panel.js'));
  copy(path.join(root, 'plugins/resolve'), resolve, [
    'index.html',
    'host.js',
    'manifest.xml',
    'main.js',
    'preload.js',
    'package.json',
  ]);
  fs.copyFileSync(css, path.join(resolve, 'panel.css'));

  for (const f of ['clipwright-premiere.ccx', 'premiere/panel.js', 'resolve/com.clipwright.resolve/panel.js'])
    process.stdout.write(
      `dist/plugins/${f} ${(fs.statSync(path.join(out, f)).size / 1024).toFixed(1)} KiB\n`,
    );
}

main().catch((e) => {
  process.stderr.write(`plugin build failed: ${e.message}\n`);
  process.exit(1);
});

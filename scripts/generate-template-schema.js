#!/usr/bin/env node
// Writes libs/templates/src/template.schema.json, the published template format: the base schema of
// template.json with `definitions.layer` composed from the registered layer kinds' fragments
// (libs/layers/src/registry.ts). Run it after adding or changing a kind:
//   node scripts/generate-template-schema.js          (writes the file)
//   node scripts/generate-template-schema.js --check  (exits 1 if the committed file differs)
// The unit spec libs/layers/src/registry.spec.ts fails while the committed file is stale.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.join(__dirname, '..');
const target = path.join(root, 'libs/templates/src/template.schema.json');

// Load the TypeScript sources directly: @app/<lib> -> libs/<lib>/src, .ts compiled with swc.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@app\/([a-z-]+)(\/[a-z0-9./-]+)?$/.exec(request);
  return resolve.call(this, m ? path.join(root, 'libs', m[1], 'src', m[2] ?? '') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = require('@swc/core').transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

async function main() {
  const { composeTemplateSchema } = require(path.join(root, 'libs/templates/src/template-schema.ts'));
  const { layerKinds } = require(path.join(root, 'libs/layers/src/registry.ts'));
  const prettier = require('prettier');
  const options = { ...(await prettier.resolveConfig(target)), parser: 'json' };
  const text = await prettier.format(JSON.stringify(composeTemplateSchema(layerKinds)), options);
  if (process.argv.includes('--check')) {
    const same = fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text;
    console.log(
      same
        ? 'template.schema.json is up to date'
        : 'template.schema.json is stale: run node scripts/generate-template-schema.js',
    );
    process.exit(same ? 0 : 1);
  }
  fs.writeFileSync(target, text);
  console.log(`wrote ${path.relative(root, target)} (${layerKinds.length} layer kinds)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

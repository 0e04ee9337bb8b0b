// Runs the apps from their TypeScript sources in a child process (`node -r ./test/service/swc-register.js
// apps/api/src/main.ts`), compiled on the fly by @swc/core with the same decorator settings tsc uses
// (legacy decorators + emitted metadata, which Nest's DI reads). The e2e tests use this instead of
// dist/ so they always run the code under test, never a stale build. `@app/<lib>` maps to libs/<lib>/src.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@app\/([a-z-]+)(?:\/([a-z-]+))?$/.exec(request);
  if (m) request = path.join(root, 'libs', m[1], 'src', m[2] ?? '');
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
  });
  module._compile(code, filename);
};

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { composeTemplateSchema, templateJsonSchema } from '@app/templates';
import { layerKinds } from './registry';

const root = path.resolve(__dirname, '../../..');

describe('the layer kind registry', () => {
  it('registers each kind once, its schema naming its own type', () => {
    const types = layerKinds.map((k) => k.type);
    expect(types).toEqual([
      'background',
      'title',
      'lowerThird',
      'dataCard',
      'captions',
      'presenter',
      'image',
      'generate',
      'chart',
      'map',
      'video',
      'music',
      'sound',
      'logo',
      'priceTag',
    ]);
    for (const kind of layerKinds) {
      expect((kind.schema.properties as Record<string, unknown>).type).toEqual({ const: kind.type });
    }
  });

  it('publishes the template schema composed from the kinds (run scripts/generate-template-schema.js after a change)', () => {
    expect(templateJsonSchema).toEqual(composeTemplateSchema(layerKinds));
  });

  it('lets the API check templates without loading Skia or onnxruntime, or starting a process', () => {
    // A fresh Node process loads the two libs from their sources and lists what got loaded.
    const script = `
      const fs = require('fs'), path = require('path'), Module = require('module');
      const root = ${JSON.stringify(root)};
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (r, ...rest) {
        const m = /^@app\\/([a-z-]+)(?:\\/([a-z-]+))?$/.exec(r);
        return resolve.call(this, m ? path.join(root, 'libs', m[1], 'src', m[2] || '') : r, ...rest);
      };
      require.extensions['.ts'] = (module, filename) => module._compile(require('@swc/core').transformSync(
        fs.readFileSync(filename, 'utf8'),
        { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code, filename);
      const cp = require('child_process');
      for (const k of ['spawn', 'execFile', 'exec', 'fork']) cp[k] = () => { throw new Error('started a process'); };
      const { TemplateLoader } = require(path.join(root, 'libs/templates/src/index.ts'));
      new TemplateLoader(path.join(root, 'templates')).load('news-brief').then((t) => {
        const loaded = Object.keys(require.cache).filter((f) => /napi-rs|onnxruntime|libs\\/(graphics\\/src\\/(?!layout\\.ts)|(presenter|media|engine|speech)\\/)/.test(f));
        console.log(JSON.stringify({ scenes: t.manifest.scenes.length, loaded }));
      });
    `;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ scenes: 4, loaded: [] });
  });
});

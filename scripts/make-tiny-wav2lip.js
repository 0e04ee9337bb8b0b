#!/usr/bin/env node
// Writes the generated stand-in lip-sync model and an example presenter into models/lipsync/:
//   models/lipsync/tiny-wav2lip.onnx          Wav2Lip's signature, output = the reference crop
//   models/lipsync/example-still/presenter.json + face.png
// Real Wav2Lip weights cannot be downloaded here; see libs/presenter/src/lipsync/NOTES.md.
// Usage: node scripts/make-tiny-wav2lip.js   (compiles the test fixtures' TypeScript with swc)
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// The generator is test code: it lives with the test fixtures, not in the presenter library.
const fixtures = 'test/fixtures/lipsync';

function load(name) {
  // Compiles the TypeScript on the fly (and maps @app/<lib>), as the e2e tests run the apps.
  require(path.join(root, 'test', 'service', 'swc-register.js'));
  return require(path.join(root, fixtures, `${name}.ts`));
}

const { buildTinyWav2LipModel } = load('tiny-wav2lip.model');
const { drawFixtureFace, FIXTURE_BOX } = load('face-picture.fixture');

const out = path.join(root, 'models', 'lipsync');
const example = path.join(out, 'example-still');
fs.mkdirSync(example, { recursive: true });
const model = buildTinyWav2LipModel({ variant: 'reference' });
fs.writeFileSync(path.join(out, 'tiny-wav2lip.onnx'), model);
fs.writeFileSync(path.join(example, 'face.png'), drawFixtureFace().png);
const manifest = {
  id: 'example-still',
  name: 'Example still (generated face, stand-in model)',
  kind: 'wav2lip',
  model: 'lipsync/tiny-wav2lip.onnx',
  source: { still: 'face.png' },
  faceBox: FIXTURE_BOX,
  fps: 25,
};
fs.writeFileSync(path.join(example, 'presenter.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`wrote ${path.relative(root, out)}/tiny-wav2lip.onnx (${model.length} bytes) and example-still/`);

#!/usr/bin/env node
// Writes the generated stand-in Piper voice into models/voices/:
//   models/voices/tiny-tones.onnx        Piper's signature (input, input_lengths, scales -> output
//                                        [1,1,1,T]) plus a w_ceil durations output; one tone per
//                                        phoneme id, NOT a voice: for tests, benchmarks and demos
//   models/voices/tiny-tones.onnx.json   its config, in the format piper's export writes
// Real Piper voices cannot be downloaded here; bring your own (see libs/speech/README.md).
// Usage: node scripts/make-tiny-piper.js   (uses dist/ when built, else compiles the TypeScript with swc)
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const file = 'libs/speech/src/providers/piper/tiny-piper.model';

function load() {
  const built = path.join(root, 'dist', `${file}.js`);
  if (fs.existsSync(built)) return require(built);
  // No build: compile the TypeScript on the fly, as the e2e tests run the apps.
  require(path.join(root, 'test', 'service', 'swc-register.js'));
  return require(path.join(root, `${file}.ts`));
}

const { buildTinyPiperModel, buildTinyPiperConfig } = load();
const out = path.join(root, 'models', 'voices');
fs.mkdirSync(out, { recursive: true });
const model = buildTinyPiperModel({ durations: true });
fs.writeFileSync(path.join(out, 'tiny-tones.onnx'), model);
fs.writeFileSync(
  path.join(out, 'tiny-tones.onnx.json'),
  JSON.stringify(buildTinyPiperConfig({ durations: true }), null, 2) + '\n',
);
console.log(
  `wrote ${path.relative(root, out)}/tiny-tones.onnx (${model.length} bytes) and tiny-tones.onnx.json`,
);

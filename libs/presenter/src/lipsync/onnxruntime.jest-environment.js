// Jest runs each test file in its own vm realm, but onnxruntime-node builds its output tensors from
// typed arrays of the host realm and then checks them with `instanceof Float32Array` in the test's
// realm, which fails ("A float32 tensor's data must be type of Float32Array"; jestjs/jest#2549,
// microsoft/onnxruntime#16622). Sharing the host's typed-array constructors with the test realm
// fixes that. Test files opt in with a `@jest-environment` docblock; production code is unaffected.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'BigInt64Array',
  'BigUint64Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRuntimeEnvironment;

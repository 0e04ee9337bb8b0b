/** @jest-environment ./libs/presenter/src/lipsync/onnxruntime.jest-environment.js */
import { ErrorCode } from '@app/core';
import { encodeOnnxModel } from '@app/onnx';
import { checkPiperSignature, openPiperSession } from './piper.session';

const ok = [
  { name: 'input', type: 'int64', shape: [1, 'n'] },
  { name: 'input_lengths', type: 'int64', shape: [1] },
  { name: 'scales', type: 'float32', shape: [3] },
];
const audio = [{ name: 'output', type: 'float32', shape: [1, 1, 1, 't'] }];

describe('checkPiperSignature', () => {
  it('accepts Piper exports with and without sid and a durations output', () => {
    expect(checkPiperSignature(ok, audio, 'v')).toEqual({ takesSpeaker: false, audioOutput: 'output' });
    const multi = [...ok, { name: 'sid', type: 'int64', shape: [1] }];
    const withDurations = [...audio, { name: 'w_ceil', type: 'float32', shape: [1, 1, 'n'] }];
    expect(checkPiperSignature(multi, withDurations, 'v')).toEqual({
      takesSpeaker: true,
      audioOutput: 'output',
      durationOutput: 'w_ceil',
    });
  });

  it.each([
    [ok.slice(1), audio, /no input "input"/],
    [[{ ...ok[0], type: 'float32' }, ...ok.slice(1)], audio, /"input" is float32, not int64/],
    [[...ok, { name: 'mel', type: 'float32', shape: [1] }], audio, /unexpected input "mel"/],
    [ok, [], /no outputs/],
    [ok, [{ name: 'output', type: 'int64', shape: [1] }], /not float32/],
  ])('refuses a model that is not a Piper voice (%#)', (inputs, outputs, why) => {
    expect(() => checkPiperSignature(inputs, outputs, 'voices/x.onnx')).toThrow(why);
    expect(() => checkPiperSignature(inputs, outputs, 'voices/x.onnx')).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument, path: 'voices/x.onnx' }),
    );
  });

  it('opens a real model and refuses one with the wrong inputs, and bytes that are no model', async () => {
    const wrong = encodeOnnxModel({
      name: 'not-piper',
      inputs: [{ name: 'x', shape: [1] }],
      outputs: [{ name: 'y', shape: [1] }],
      nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
    });
    await expect(openPiperSession(wrong, 'wrong.onnx', 256)).rejects.toThrow(
      /does not have Piper's signature/,
    );
    await expect(openPiperSession(Buffer.from('not onnx'), 'junk.onnx', 256)).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      message: expect.stringMatching(/could not be loaded/),
    });
  });
});

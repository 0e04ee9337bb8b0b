import { ErrorCode } from '@app/core';
import { parsePiperConfig } from './piper.config';
import { buildTinyPiperConfig } from './tiny-piper.model';

describe('parsePiperConfig', () => {
  it('reads the fields Piper writes, with its defaults for what is left out', () => {
    const json = buildTinyPiperConfig({ speakers: true });
    const c = parsePiperConfig(json, 'tiny.onnx.json');
    expect(c.sampleRate).toBe(16000);
    expect(c.espeakVoice).toBe('en-us');
    expect(c.phonemeType).toBe('espeak');
    expect(c.phonemeIdMap.get('^')).toEqual([1]);
    expect(c.numSpeakers).toBe(3);
    expect(c.speakerIdMap).toEqual({ anchor: 0, reporter: 1, 'guest voice': 2 });
    expect(c.language).toBe('en-US');
    expect(c.hopLength).toBe(128);
    const bare = parsePiperConfig(
      {
        audio: { sample_rate: 22050 },
        espeak: { voice: 'de' },
        phoneme_id_map: { _: [0], '^': [1], $: [2] },
      },
      'x.json',
    );
    expect([bare.noiseScale, bare.lengthScale, bare.noiseW, bare.hopLength, bare.numSpeakers]).toEqual([
      0.667, 1, 0.8, 256, 1,
    ]);
  });

  it.each([
    [{ audio: {} }, '$.audio.sample_rate'],
    [{ phoneme_type: 'pinyin' }, '$.phoneme_type'],
    [{ espeak: { voice: '../etc' } }, '$.espeak.voice'],
    [{ phoneme_id_map: { a: [1] } }, '$.phoneme_id_map'],
    [{ phoneme_id_map: { _: [0], '^': [1], $: [2], a: ['x'] } }, '$.phoneme_id_map["a"]'],
    [{ inference: { length_scale: -1 } }, '$.inference.length_scale'],
    [{ speaker_id_map: { bob: 7 } }, '$.speaker_id_map["bob"]'],
  ])('refuses %p naming %s', (override, where) => {
    const json = { ...buildTinyPiperConfig(), ...override };
    expect(() => parsePiperConfig(json, 'v.onnx.json')).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument, path: `v.onnx.json#${where}` }),
    );
  });
});

import { ClipwrightError } from '@app/core';
import { encodeWav, parseWav } from './wav';

describe('wav', () => {
  const audio = { sampleRate: 22050, samples: Int16Array.from([0, 1, -1, 32767, -32768, 1234, -4321]) };

  it('round-trips PCM through encode and parse', () => {
    const buf = encodeWav(audio);
    expect(buf.length).toBe(44 + 2 * 7);
    expect(buf.readUInt32LE(4)).toBe(36 + 14);
    const back = parseWav(buf);
    expect(back.sampleRate).toBe(22050);
    expect(Array.from(back.samples)).toEqual([0, 1, -1, 32767, -32768, 1234, -4321]);
  });

  it('reads a streamed header whose sizes are placeholders, using the real length', () => {
    const buf = encodeWav(audio);
    buf.writeUInt32LE(0x7ffff024, 4);
    buf.writeUInt32LE(0x7ffff000, 40);
    expect(Array.from(parseWav(buf).samples)).toEqual(Array.from(audio.samples));
    buf.writeUInt32LE(0xffffffff, 40);
    expect(parseWav(buf).samples.length).toBe(7);
    buf.writeUInt32LE(0, 40);
    expect(parseWav(buf).samples.length).toBe(7);
  });

  it('drops a trailing odd byte of a stream cut mid-sample', () => {
    const buf = Buffer.concat([encodeWav(audio), Buffer.from([0x12])]);
    buf.writeUInt32LE(0x7ffff000, 40);
    expect(parseWav(buf).samples.length).toBe(7);
  });

  it('skips chunks it does not need and honours a true data size', () => {
    const wav = encodeWav(audio);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0')]);
    const trailer = Buffer.concat([Buffer.from('junk'), Buffer.from([2, 0, 0, 0, 9, 9])]);
    const buf = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36), trailer]);
    expect(Array.from(parseWav(buf).samples)).toEqual(Array.from(audio.samples));
  });

  it('refuses what is not PCM s16le mono, with a clear message', () => {
    expect(() => parseWav(Buffer.from('hello world, not a wav'))).toThrow(/not a RIFF\/WAVE/);
    const stereo = encodeWav(audio);
    stereo.writeUInt16LE(2, 22);
    expect(() => parseWav(stereo)).toThrow(/2 channels, expected mono/);
    const float = encodeWav(audio);
    float.writeUInt16LE(3, 20);
    expect(() => parseWav(float)).toThrow(/format 3 is not PCM/);
    const eight = encodeWav(audio);
    eight.writeUInt16LE(8, 34);
    expect(() => parseWav(eight)).toThrow(ClipwrightError);
    expect(() => parseWav(encodeWav(audio).subarray(0, 36))).toThrow(/no data chunk/);
  });
});

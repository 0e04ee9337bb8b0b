import { fpsOf, frameRate, framesOf, rateText, secondsOf } from './frame-rate';

describe('frame rate', () => {
  const r30 = frameRate(30);
  const ntsc = frameRate(30000, 1001);

  it('converts whole frames to seconds exactly and back without drift', () => {
    expect(secondsOf(75, r30)).toBe(2.5);
    expect(framesOf(2.5, r30)).toBe(75);
    // 10 minutes of NTSC frames: the round trip lands on the same frame, nothing accumulates.
    expect(framesOf(secondsOf(17982, ntsc), ntsc)).toBe(17982);
    expect(fpsOf(ntsc)).toBeCloseTo(29.97, 2);
    expect(rateText(ntsc)).toBe('30000/1001');
  });

  it('rounds a measured length up, a chosen one to the nearest frame, and forgives float noise', () => {
    expect(framesOf(34.599, r30, 'up')).toBe(1038);
    expect(framesOf(34.599, r30)).toBe(1038);
    expect(framesOf(0.1 + 0.2, r30, 'up')).toBe(9); // 0.30000000000000004 s is 9 frames, not 10
    expect(framesOf(0.149, r30, 'down')).toBe(4);
  });

  it('refuses a rate that is not a positive fraction', () => {
    expect(() => frameRate(0)).toThrow(/not a frame rate/);
    expect(() => frameRate(29.97)).toThrow(/not a frame rate/);
  });
});

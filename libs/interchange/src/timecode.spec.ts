import { fcpTime, frameDuration, parseFcpTime, timebase } from './rational';
import { timecode } from './timecode';

describe('timecode (SMPTE ST 12-1)', () => {
  it('counts plainly at whole rates (non-drop)', () => {
    expect(timecode(0, { num: 30, den: 1 })).toBe('00:00:00:00');
    expect(timecode(75, { num: 30, den: 1 })).toBe('00:00:02:15');
    expect(timecode(30 * 3600 + 29, { num: 30, den: 1 })).toBe('01:00:00:29');
    expect(timecode(1500, { num: 25, den: 1 })).toBe('00:01:00:00');
  });

  it('drops frame numbers 0 and 1 each minute but every tenth at 29.97', () => {
    const ntsc = { num: 30000, den: 1001 };
    expect(timecode(1799, ntsc)).toBe('00:00:59;29');
    expect(timecode(1800, ntsc)).toBe('00:01:00;02');
    expect(timecode(3597, ntsc)).toBe('00:01:59;29');
    expect(timecode(3598, ntsc)).toBe('00:02:00;02');
    expect(timecode(17981, ntsc)).toBe('00:09:59;29');
    expect(timecode(17982, ntsc)).toBe('00:10:00;00');
    // One hour of 29.97 is 107892 frames: the label is back on the wall clock.
    expect(timecode(107892, ntsc)).toBe('01:00:00;00');
    expect(timecode(1800, ntsc, { dropFrame: false })).toBe('00:01:00:00');
  });

  it('drops four at 59.94', () => {
    expect(timecode(3600, { num: 60000, den: 1001 })).toBe('00:01:00;04');
  });

  it('refuses fractional frames', () => {
    expect(() => timecode(1.5, { num: 30, den: 1 })).toThrow(RangeError);
  });
});

describe('FCPXML rational times', () => {
  it('writes frames as reduced N/Ds multiples of the frame duration', () => {
    const r = { num: 30, den: 1 };
    expect(fcpTime(0, r)).toBe('0s');
    expect(fcpTime(30, r)).toBe('1s');
    expect(fcpTime(75, r)).toBe('5/2s');
    expect(fcpTime(1, r)).toBe('1/30s');
    expect(frameDuration({ num: 30000, den: 1001 })).toBe('1001/30000s');
    expect(fcpTime(30, { num: 30000, den: 1001 })).toBe('1001/1000s');
    expect(parseFcpTime('5/2s')).toEqual({ num: 5, den: 2 });
    expect(() => fcpTime(0.5, r)).toThrow(RangeError);
  });

  it('names the timebase the way xmeml does', () => {
    expect(timebase({ num: 30000, den: 1001 })).toEqual({ timebase: 30, ntsc: true });
    expect(timebase({ num: 25, den: 1 })).toEqual({ timebase: 25, ntsc: false });
  });
});

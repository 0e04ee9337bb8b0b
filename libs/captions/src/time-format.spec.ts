import { ceilToMs, floorToMs, formatAssTime, formatSrtTime, formatVttTime, roundToMs } from './time-format';

describe('time formats', () => {
  it('writes SubRip and WebVTT timestamps to the millisecond', () => {
    expect(formatSrtTime(0)).toBe('00:00:00,000');
    expect(formatVttTime(0)).toBe('00:00:00.000');
    expect(formatSrtTime(61.5)).toBe('00:01:01,500');
    expect(formatSrtTime(3725.25)).toBe('01:02:05,250');
    expect(formatVttTime(36_000 + 59.9994)).toBe('10:00:59.999');
    expect(formatSrtTime(100 * 3600 + 1)).toBe('100:00:01,000');
  });

  it('rounds half a millisecond up, whatever the float noise', () => {
    expect(formatSrtTime(0.9995)).toBe('00:00:01,000');
    expect(formatVttTime(0.9994)).toBe('00:00:00.999');
    expect(formatSrtTime(59.9995)).toBe('00:01:00,000');
    expect(formatVttTime(3599.9995)).toBe('01:00:00.000');
    expect(formatSrtTime(1.0005)).toBe('00:00:01,001');
  });

  it('writes ASS timestamps to the centisecond with a one-digit hour', () => {
    expect(formatAssTime(0)).toBe('0:00:00.00');
    expect(formatAssTime(0.995)).toBe('0:00:01.00');
    expect(formatAssTime(0.9949)).toBe('0:00:00.99');
    expect(formatAssTime(3725.25)).toBe('1:02:05.25');
    expect(formatAssTime(10 * 3600)).toBe('10:00:00.00');
  });

  it('clamps negative times to zero and refuses non-numbers', () => {
    expect(formatSrtTime(-0.2)).toBe('00:00:00,000');
    expect(() => formatVttTime(Number.NaN)).toThrow(/not a number/);
    expect(() => formatAssTime(Infinity)).toThrow(/not a number/);
  });

  it('snaps times to whole milliseconds without float creep', () => {
    expect(roundToMs(1.0005)).toBe(1.001);
    expect(ceilToMs(2.0000000001)).toBe(2);
    expect(ceilToMs(2.0001)).toBe(2.001);
    expect(floorToMs(2.9999999999)).toBe(3);
    expect(floorToMs(2.9999)).toBe(2.999);
  });
});

import type { FrameRate } from '@app/timeline';

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x || 1;
}

/**
 * Frames as an FCPXML time: a rational number of seconds `N/Ds` (`0s` for zero, `3s` when whole),
 * reduced, so it is always an exact multiple of the frame duration `den/num s` (FCPXML reference,
 * "Time Values"). Integer arithmetic only: no float ever enters a time.
 */
export function fcpTime(frames: number, rate: FrameRate): string {
  if (!Number.isInteger(frames)) throw new RangeError(`fcpTime: ${frames} is not a whole number of frames`);
  if (frames === 0) return '0s';
  const n = frames * rate.den;
  const g = gcd(n, rate.num);
  const d = rate.num / g;
  return d === 1 ? `${n / g}s` : `${n / g}/${d}s`;
}

/** The frame duration as FCPXML writes it (`1/30s`, `1001/30000s`). */
export function frameDuration(rate: FrameRate): string {
  return fcpTime(1, rate);
}

/** An FCPXML time read back as an exact fraction of a second (for tests and checks). */
export function parseFcpTime(text: string): { num: number; den: number } {
  const m = /^(-?\d+)(?:\/(\d+))?s$/.exec(text);
  if (!m) throw new RangeError(`not an FCPXML time: ${text}`);
  return { num: Number(m[1]), den: m[2] ? Number(m[2]) : 1 };
}

/**
 * xmeml and EDL count in a whole-number timebase: 30 for 30/1 and 30000/1001 (the latter with
 * `ntsc` TRUE), so frames are the count itself (Final Cut Pro 7 XML, "rate").
 */
export function timebase(rate: FrameRate): { timebase: number; ntsc: boolean } {
  const ntsc = rate.den === 1001;
  return { timebase: ntsc ? Math.round(rate.num / 1000) : Math.round(rate.num / rate.den), ntsc };
}

import { Fft } from './fft';

/** The definition, O(n^2), written out independently of the FFT's factorisation. */
function directDft(x: number[]): { re: number[]; im: number[] } {
  const n = x.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      sr += x[t] * Math.cos((2 * Math.PI * k * t) / n);
      si -= x[t] * Math.sin((2 * Math.PI * k * t) / n);
    }
    re.push(sr);
    im.push(si);
  }
  return { re, im };
}

function run(x: number[]): { re: Float64Array; im: Float64Array } {
  const fft = new Fft(x.length);
  const re = new Float64Array(x.length);
  const im = new Float64Array(x.length);
  fft.transform(x, undefined, re, im);
  return { re, im };
}

describe('Fft', () => {
  it('gives the hand-computed 4-point transform of [1, 2, 3, 4]', () => {
    // X0 = 10, X1 = -2 + 2i, X2 = -2, X3 = -2 - 2i
    const { re, im } = run([1, 2, 3, 4]);
    expect(Array.from(re).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([10, -2, -2, -2]);
    expect(Array.from(im).map((v) => Math.round(v * 1e9) / 1e9 + 0)).toEqual([0, 2, 0, -2]);
  });

  it('turns an impulse into a flat spectrum and a constant into a single DC bin', () => {
    const impulse = run([1, 0, 0, 0, 0, 0]);
    expect(Array.from(impulse.re)).toEqual([1, 1, 1, 1, 1, 1]);
    const dc = run([3, 3, 3, 3, 3]);
    expect(dc.re[0]).toBeCloseTo(15, 12);
    for (let k = 1; k < 5; k++) expect(Math.hypot(dc.re[k], dc.im[k])).toBeLessThan(1e-12);
  });

  it.each([800, 7, 12, 25, 1, 2, 64, 512, 1024])('matches the direct DFT for length %i', (n) => {
    let seed = 12345;
    const x = Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648 - 0.5;
    });
    const fast = run(x);
    const slow = directDft(x);
    let worst = 0;
    for (let k = 0; k < n; k++) {
      worst = Math.max(worst, Math.abs(fast.re[k] - slow.re[k]), Math.abs(fast.im[k] - slow.im[k]));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('returns the one-sided magnitude spectrum of a real signal', () => {
    // A cosine of amplitude 1 at bin 3 of 16 points: |X3| = |X13| = n/2 = 8.
    const x = Array.from({ length: 16 }, (_, t) => Math.cos((2 * Math.PI * 3 * t) / 16));
    const mag = new Fft(16).magnitudes(x);
    expect(mag).toHaveLength(9);
    expect(mag[3]).toBeCloseTo(8, 10);
    expect(mag.reduce((a, b) => a + b, 0)).toBeCloseTo(8, 10);
  });

  it('rejects arrays of the wrong length', () => {
    expect(() => new Fft(8).transform([1, 2], undefined, new Float64Array(8), new Float64Array(8))).toThrow(
      RangeError,
    );
    expect(() => new Fft(0)).toThrow(RangeError);
  });
});

import { spawnSync } from 'node:child_process';

const SIZE = 32;
const KEEP = 8;

/**
 * One frame as SIZE x SIZE grey levels: `seconds` into a video, or a picture file (seconds omitted),
 * scaled by area averaging so small changes of detail do not count.
 */
export function greyThumbnail(file: string, seconds?: number): Uint8Array {
  const args = [
    '-v',
    'error',
    ...(seconds === undefined ? [] : ['-ss', String(seconds)]),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    `scale=${SIZE}:${SIZE}:flags=area,format=gray`,
    '-f',
    'rawvideo',
    '-',
  ];
  const r = spawnSync('ffmpeg', args, { maxBuffer: 1 << 20 });
  if (r.status !== 0 || r.stdout.length !== SIZE * SIZE) {
    throw new Error(`ffmpeg could not read a frame of ${file}: ${r.stderr.toString()}`);
  }
  return new Uint8Array(r.stdout);
}

/**
 * The DCT perceptual hash (pHash, as in Zauner 2010, "Implementation and Benchmarking of Perceptual
 * Image Hash Functions"): a 2-D DCT-II of the 32x32 grey thumbnail, the 8x8 lowest frequencies but
 * the DC term, each bit set when above their median. 64 bits; near pictures differ in few.
 */
export function perceptualHash(grey: Uint8Array): bigint {
  const cos = (k: number, n: number): number => Math.cos(((2 * n + 1) * k * Math.PI) / (2 * SIZE));
  const coefficients: number[] = [];
  for (let u = 0; u < KEEP; u++) {
    for (let v = 0; v < KEEP; v++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++)
        for (let x = 0; x < SIZE; x++) sum += grey[y * SIZE + x] * cos(u, y) * cos(v, x);
      coefficients.push(sum);
    }
  }
  const ac = coefficients.slice(1);
  const median = [...ac].sort((a, b) => a - b)[Math.floor(ac.length / 2)];
  return coefficients.reduce((hash, c, i) => (i > 0 && c > median ? hash | (1n << BigInt(i)) : hash), 0n);
}

/** Bits that differ between two hashes. */
export function hammingDistance(a: bigint, b: bigint): number {
  let x = a ^ b;
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

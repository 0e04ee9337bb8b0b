import * as path from 'node:path';
import type { VisemeTiming } from '@app/core';
import { ClipwrightError } from '@app/core';
import { mouthOpenness } from './mouth-openness';
import {
  animatePresenter,
  figureFit,
  mouthRect,
  type PresenterInput,
  presenterStill,
} from './presenter.clip';
import { type Presenter, PresenterLibrary } from './presenter.library';

const library = new PresenterLibrary(path.join(__dirname, '../../../models/presenters'));

async function collect(clip: { frames(): AsyncIterable<Buffer> }, limit = Infinity): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const f of clip.frames()) {
    out.push(f);
    if (out.length >= limit) break;
  }
  return out;
}

const VISEMES: VisemeTiming[] = [
  { viseme: 'X', start: 0, end: 0.3 },
  { viseme: 'A', start: 0.3, end: 0.4 },
  { viseme: 'D', start: 0.4, end: 0.7 },
  { viseme: 'B', start: 0.7, end: 0.8 },
  { viseme: 'F', start: 0.8, end: 1 },
  { viseme: 'X', start: 1, end: 1.5 },
];
const CLAUSES = [{ text: 'Hello.', start: 0.3, end: 1, firstWord: 0, endWord: 1 }];

describe.each(['ada', 'kofi'])('animatePresenter(%s)', (id) => {
  let p: Presenter;
  beforeAll(async () => {
    p = await library.load(id);
  });
  const input = (over: Partial<PresenterInput> = {}): PresenterInput => ({
    visemes: VISEMES,
    clauses: CLAUSES,
    duration: 1.5,
    fps: 20,
    width: 320,
    height: 240,
    seed: 3,
    ...over,
  });

  it('gives frameCount RGBA frames of width*height*4 bytes', async () => {
    const clip = animatePresenter(p, input());
    expect(clip).toMatchObject({ width: 320, height: 240, fps: 20, frameCount: 30 });
    const frames = await collect(clip);
    expect(frames).toHaveLength(30);
    for (const f of frames) expect(f.length).toBe(320 * 240 * 4);
  });

  it('is transparent outside the figure and opaque on it', async () => {
    const [frame] = await collect(animatePresenter(p, input({ width: 400, height: 240 })), 1);
    const fit = figureFit(p.manifest, 400, 240);
    const alpha = (x: number, y: number) => frame[(y * 400 + x) * 4 + 3];
    // Beside the figure (it is bottom-centred and narrower than the clip) and above the hair.
    let seen = 0;
    for (let y = 0; y < 240; y++) {
      for (let x = 0; x < 400; x++) {
        if (x < fit.x - 1 || x > 400 - fit.x || y === 0) seen += alpha(x, y);
      }
    }
    expect(fit.x).toBeGreaterThan(50);
    expect(seen).toBe(0);
    // The middle of the face and of the chest are solid.
    expect(alpha(200, Math.round(fit.y + 400 * fit.scale))).toBe(255);
    expect(alpha(200, 236)).toBe(255);
    // Straight alpha: opaque pixels carry their own colour, not black.
    const i = (236 * 400 + 150) * 4;
    expect(frame[i] + frame[i + 1] + frame[i + 2]).toBeGreaterThan(0);
  });

  it('is byte-identical for a seed and differs for another', async () => {
    const a = await collect(animatePresenter(p, input()));
    const b = await collect(animatePresenter(p, input()));
    expect(a.every((f, i) => f.equals(b[i]))).toBe(true);
    const c = await collect(animatePresenter(p, input({ seed: 4 })));
    expect(a.some((f, i) => !f.equals(c[i]))).toBe(true);
  });

  it('opens the mouth for D and closes it for A and X, where mouthRect says', () => {
    const w = 480;
    const h = 600;
    const rect = mouthRect(p, w, h);
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.y + rect.height).toBeLessThanOrEqual(h);
    const open = (v: 'A' | 'D' | 'X' | 'C' | 'F') => mouthOpenness(presenterStill(p, w, h, v), w, h, rect);
    expect(open('D')).toBeGreaterThan(0.04);
    expect(open('C')).toBeGreaterThan(open('F'));
    expect(open('D')).toBeGreaterThan(open('C'));
    expect(open('A')).toBeLessThan(0.01);
    expect(open('X')).toBeLessThan(0.01);
  });

  it('draws at a thumbnail size and at 4K without leaving the clip', async () => {
    const [small] = await collect(animatePresenter(p, input({ width: 64, height: 80 })), 1);
    expect(small.length).toBe(64 * 80 * 4);
    let opaque = 0;
    for (let i = 3; i < small.length; i += 4) if (small[i] === 255) opaque++;
    expect(opaque).toBeGreaterThan(64 * 80 * 0.3);
    const [big] = await collect(animatePresenter(p, input({ width: 3840, height: 2160, duration: 0.1 })), 1);
    expect(big.length).toBe(3840 * 2160 * 4);
  });

  it('refuses a bad size or rate', () => {
    expect(() => animatePresenter(p, input({ width: 0 }))).toThrow(ClipwrightError);
    expect(() => animatePresenter(p, input({ height: 100.5 }))).toThrow(/height/);
    expect(() => animatePresenter(p, input({ fps: -1 }))).toThrow(/fps/);
    expect(() => animatePresenter(p, input({ duration: 0 }))).toThrow(/duration/);
  });
});

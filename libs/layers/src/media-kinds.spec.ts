import { layoutFor } from '@app/graphics';
import { frameRate, layScenes } from '@app/timeline';
import { createCanvas } from '@napi-rs/canvas';
import { load as loadLogo, logoRect } from './logo/logo.draw';
import { gridCells } from './image/image.draw';
import { imageKind, sequenceSlice } from './image/image.kind';
import type { Drawn, DrawContext } from './layer-kind';
import { musicKind } from './music/music.kind';
import { soundKind } from './sound/sound.kind';
import { draw as drawVideo } from './video/video.draw';
import { trimmedSeconds, videoKind } from './video/video.kind';

const rate = frameRate(25);
// A 4 s b-roll scene, then an 8 s read it cuts to: 300 frames in all.
const clock = layScenes(
  [
    { id: 'broll', rule: 'media', seconds: 4 },
    { id: 'read', rule: 'speech', seconds: 8 },
  ],
  rate,
);
const [broll, read] = clock.scenes;
const frame = { aspect: '16:9', width: 1920, height: 1080 };
const none: Drawn = {
  media: { type: 'still', file: 'x.png', opaque: false },
  rect: { x: 0, y: 0, width: 1, height: 1 },
};
const text = { render: async (v: string | undefined) => v, parseOnly: false };
const media = { file: 'm-src', duration: 10, hasAudio: true };

describe('the video kind', () => {
  it('binds its defaults: muted, held on its last frame, cover over the whole frame', async () => {
    expect(await videoKind.bind({ type: 'video', src: 'assets/a.mp4' }, text)).toEqual({
      src: { ref: 'assets/a.mp4', fromData: false },
      in: 0,
      loop: false,
      audio: 'mute',
      gain: 0,
      fit: 'cover',
      focus: { x: 0.5, y: 0.5 },
      box: { x: 0, y: 0, width: 1, height: 1 },
      fadeIn: 0,
      fadeOut: 0,
      start: undefined,
      end: undefined,
    });
  });

  it('lasts, in a media scene, its start plus the trimmed part of the file', async () => {
    const layer = await videoKind.bind(
      { type: 'video', src: 'a.mp4', trim: { in: 2, out: 5.5 }, start: 0.5 },
      text,
    );
    expect(trimmedSeconds(layer as never, { duration: 10 })).toBe(3.5);
    expect(videoKind.mediaSeconds?.(layer, media)).toBe(4);
    // An out-point past the file's end stops at its end.
    expect(trimmedSeconds({ in: 8, out: 30 }, { duration: 10 })).toBe(2);
    expect(videoKind.hasMediaLength?.({ type: 'video', src: 'a.mp4' })).toBe(true);
  });

  it("mixes the clip's own sound over its window at its gain, or none when muted", async () => {
    const mixed = await videoKind.bind(
      { type: 'video', src: 'a.mp4', audio: 'mix', gain: -9, fadeIn: 0.2 },
      text,
    );
    const prepared = { file: 'v.mp4', width: 1280, height: 720, audio: 'v.wav' };
    expect(videoKind.sound?.(mixed, media, prepared, broll, { rate, duration: clock.duration })).toEqual({
      role: 'effects',
      clips: [{ file: 'v.wav', start: 0, duration: 100, offset: 0 }],
      gain: -9,
      fadeIn: 5,
      fadeOut: 0,
    });
    const muted = await videoKind.bind({ type: 'video', src: 'a.mp4' }, text);
    expect(
      videoKind.sound?.(muted, media, { ...prepared, audio: undefined }, broll, { rate, duration: 300 }),
    ).toBeNull();
    expect(videoKind.place(mixed, none, broll, { frame, rate })).toMatchObject({
      window: { start: 0, end: 100 },
      fadeIn: 5,
    });
  });

  it('crops a cover fit around the focus and centres a contain fit in its box, on even pixels', async () => {
    const ctx = { frame } as DrawContext;
    const prepared = { file: 'v.mp4', width: 1280, height: 720 };
    const top = await videoKind.bind(
      { type: 'video', src: 'a.mp4', box: { x: 0, y: 0, width: 1, height: 0.5 } },
      text,
    );
    expect(await drawVideo(top as never, undefined, prepared, ctx)).toEqual({
      media: {
        type: 'video',
        file: 'v.mp4',
        width: 1280,
        height: 720,
        crop: { x: 0, y: 0.25, width: 1, height: 0.5 },
      },
      rect: { x: 0, y: 0, width: 1920, height: 540 },
    });
    const low = await videoKind.bind(
      { type: 'video', src: 'a.mp4', focus: { x: 0.5, y: 1 }, box: { x: 0, y: 0, width: 1, height: 0.5 } },
      text,
    );
    expect((await drawVideo(low as never, undefined, prepared, ctx))?.media).toMatchObject({
      crop: { y: 0.5 },
    });
    const inset = await videoKind.bind(
      { type: 'video', src: 'a.mp4', fit: 'contain', box: { x: 0.1, y: 0.1, width: 0.8, height: 0.5 } },
      text,
    );
    expect(await drawVideo(inset as never, undefined, prepared, ctx)).toEqual({
      media: { type: 'video', file: 'v.mp4', width: 1280, height: 720 },
      rect: { x: 480, y: 108, width: 960, height: 540 },
    });
  });
});

describe('the music and sound kinds', () => {
  it('runs a bed from its scene to the clip end, looped, faded and ducked under the voice', async () => {
    const bed = await musicKind.bind({ type: 'music', src: 'assets/bed.m4a', offset: 1 }, text);
    expect(
      musicKind.sound?.(bed, { ...media, duration: 4 }, undefined, broll, { rate, duration: clock.duration }),
    ).toEqual({
      role: 'music',
      clips: [{ file: 'm-src', start: 0, duration: 300, offset: 1, loop: true }],
      gain: -6,
      fadeIn: 25,
      fadeOut: 38,
      ducking: { under: 'voice', depth: 12, attack: 0.15, release: 0.6 },
    });
    // Not looped, it stops with the file; duck: false never ducks.
    const once = await musicKind.bind(
      { type: 'music', src: 'b.wav', loop: false, duck: false, start: 1 },
      text,
    );
    expect(
      musicKind.sound?.(once, { ...media, duration: 4 }, undefined, read, { rate, duration: 300 }),
    ).toMatchObject({
      clips: [{ start: 125, duration: 100, offset: 0 }],
    });
    expect(
      musicKind.sound?.(once, { ...media, duration: 4 }, undefined, read, { rate, duration: 300 })?.ducking,
    ).toBeUndefined();
    expect(musicKind.place(bed, none, broll, { frame, rate })).toBeNull();
  });

  it('plays an effect once at its time in the scene, cut at the clip end', async () => {
    const chime = await soundKind.bind({ type: 'sound', src: 'c.wav', start: 7.5, gain: -3 }, text);
    expect(
      soundKind.sound?.(chime, { ...media, duration: 2 }, undefined, read, { rate, duration: 300 }),
    ).toEqual({
      role: 'effects',
      clips: [{ file: 'm-src', start: 288, duration: 12, offset: 0 }],
      gain: -3,
      fadeIn: 0,
      fadeOut: 0,
    });
    // A sound the data leaves blank plays nothing.
    const blank = await soundKind.bind(
      { type: 'sound', src: '{{ data.sfx }}' },
      { ...text, render: async () => undefined },
    );
    expect(soundKind.sound?.(blank, undefined, undefined, read, { rate, duration: 300 })).toBeNull();
  });
});

describe('pictures in a sequence or a grid (image sources)', () => {
  it('gives each picture of a sequence an equal share, crossfading in over the one before', () => {
    const whole = { start: 100, end: 300 };
    expect([0, 1, 2].map((index) => sequenceSlice(whole, { index, count: 3 }, rate))).toEqual([
      { window: { start: 100, end: 177 }, fadeIn: 0 },
      { window: { start: 167, end: 243 }, fadeIn: 10 },
      { window: { start: 233, end: 300 }, fadeIn: 10 },
    ]);
  });

  it('moves every other picture of a sequence back the other way', async () => {
    const layer = await imageKind.bind(
      { type: 'image', sources: ['a.jpg', '{{ data.b }}', 'c.jpg'], motion: 'kenBurns' },
      text,
    );
    expect(layer).toMatchObject({
      arrange: 'sequence',
      pictures: [{ ref: 'a.jpg', fromData: false }, { fromData: true }, {}],
    });
    const first = imageKind.place(layer, none, read, { frame, rate, part: { index: 0, count: 3 } });
    const second = imageKind.place(layer, none, read, { frame, rate, part: { index: 1, count: 3 } });
    expect(first?.motion).toMatchObject({ from: { width: 1 } });
    expect(second?.motion).toMatchObject({ to: { width: 1 } });
  });

  it('lays 2 to 4 pictures out in a grid, with gaps, by the shape of the box', () => {
    expect(gridCells(2, { width: 1000, height: 500 })).toEqual([
      { x: 0, y: 0, width: 496, height: 500 },
      { x: 504, y: 0, width: 496, height: 500 },
    ]);
    expect(gridCells(2, { width: 500, height: 1000 }).map((c) => c.y)).toEqual([0, 504]);
    expect(gridCells(3, { width: 1000, height: 500 })).toEqual([
      { x: 0, y: 0, width: 496, height: 500 },
      { x: 504, y: 0, width: 496, height: 246 },
      { x: 504, y: 254, width: 496, height: 246 },
    ]);
    expect(gridCells(4, { width: 1000, height: 1000 })).toHaveLength(4);
  });
});

describe('the logo kind', () => {
  it('rests in a corner of the title-safe area, under the AI label at top right, never wider than 30% of it', () => {
    const layout = layoutFor(1920, 1080);
    const square = { width: 100, height: 100 };
    expect(logoRect(layout, 'top-left', square, 0.1)).toEqual({
      x: layout.safe.x,
      y: layout.safe.y,
      width: 108,
      height: 108,
    });
    const tr = logoRect(layout, 'top-right', square, 0.1);
    expect(tr.x + tr.width).toBe(layout.safe.x + layout.safe.width);
    expect(tr.y).toBeGreaterThanOrEqual(layout.label.y + layout.label.height);
    const br = logoRect(layout, 'bottom-right', { width: 1000, height: 100 }, 0.1);
    expect(br.width).toBe(Math.round(layout.safe.width * 0.3));
    expect(br.y + br.height).toBe(layout.safe.y + layout.safe.height);
  });

  it("shows the layer's own src, else the brand's logo from the source the job gave, else nothing", async () => {
    const png = (w: number) => createCanvas(w, 10).toBuffer('image/png');
    const read: string[] = [];
    const source = (tag: string, width: number) => async (ref: string) => {
      read.push(`${tag}:${ref}`);
      return png(width);
    };
    const ctx = { templateImages: source('template', 40), images: source('data', 30), where: '$.l' };
    const brandLogo = { ref: 'asset:logo', source: source('request', 20) };
    const own = await loadLogo(
      { src: { ref: 'bug.png', fromData: false }, corner: 'top-left', size: 0.07, opacity: 1 },
      { ...ctx, brandLogo },
    );
    const brand = await loadLogo({ corner: 'top-left', size: 0.07, opacity: 1 }, { ...ctx, brandLogo });
    const none = await loadLogo({ corner: 'top-left', size: 0.07, opacity: 1 }, ctx);
    expect([own?.width, brand?.width, none]).toEqual([40, 20, undefined]);
    expect(read).toEqual(['template:bug.png', 'request:asset:logo']);
  });
});

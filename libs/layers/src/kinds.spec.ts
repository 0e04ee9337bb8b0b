import { frameRate, layScenes } from '@app/timeline';
import { dataCardKind } from './data-card/data-card.kind';
import { fitPicture } from './image/image.draw';
import { imageKind, viewBoxes } from './image/image.kind';
import type { Drawn } from './layer-kind';
import { lowerThirdKind } from './lower-third/lower-third.kind';
import { placementFor } from './presenter/presenter.kind';
import { titleKind } from './title/title.kind';

const rate = frameRate(30);
const frame = { aspect: '16:9', width: 1920, height: 1080 };
// The news brief: a 2.5 s open, then a 20 s read (+ tail) that the open crossfades into.
const clock = layScenes(
  [
    { id: 'open', rule: 'fixed', seconds: 2.5 },
    { id: 'read', rule: 'speech', seconds: 20.3, transition: { kind: 'crossfade', seconds: 0.4 } },
  ],
  rate,
);
const [open, read] = clock.scenes;
const drawn = (x: number, width: number): Drawn => ({
  media: { type: 'still', file: 'x.png', opaque: false },
  rect: { x, y: 700, width, height: 100 },
});

describe('what the kinds add to the timeline', () => {
  it('holds the title over its whole scene, through the crossfade out of it', () => {
    expect(titleKind.place({}, drawn(0, 1920), open, { frame, rate })).toEqual({
      plane: 'scene',
      window: { start: 0, end: 87 },
      fadeIn: 0,
      fadeOut: 0,
      motion: { type: 'still' },
    });
  });

  it('times the strap from its start and end in the scene, wiping in from the left edge', () => {
    expect(
      lowerThirdKind.place({ title: 'L', start: 0.3, end: 9 }, drawn(96, 900), read, { frame, rate }),
    ).toEqual({
      plane: 'scene',
      window: { start: 84, end: 345 },
      fadeIn: 5,
      fadeOut: 9,
      motion: { type: 'slide', fromX: -996, fromY: 0, duration: 15, easing: 'ease-out-cubic' },
    });
  });

  it('runs the card to the scene end without fading, drifting in from the right', () => {
    const card = dataCardKind.place(
      { title: 'C', rows: [{ label: 'a', value: 'b' }], start: 0.6 },
      drawn(1200, 500),
      read,
      { frame, rate },
    );
    expect(card).toMatchObject({
      window: { start: 93, end: read.end },
      fadeIn: 11,
      fadeOut: 0,
      motion: { fromX: 58 },
    });
    // No rows left after binding: nothing to show.
    expect(dataCardKind.place({ title: 'C', rows: [] }, drawn(1200, 500), read, { frame, rate })).toBeNull();
  });

  it('clips windows to a short scene, counts a negative end back from the scene end, and drops ones too short to read', () => {
    const short = layScenes([{ id: 's', rule: 'fixed', seconds: 2 }], rate).scenes[0];
    expect(
      lowerThirdKind.place({ title: 'L', start: 0.3, end: 9 }, drawn(0, 10), short, { frame, rate })?.window,
    ).toEqual({ start: 9, end: 60 });
    expect(
      lowerThirdKind.place({ title: 'L', start: 0, end: -1.5 }, drawn(0, 10), short, { frame, rate })?.window,
    ).toEqual({ start: 0, end: 15 });
    expect(lowerThirdKind.place({ title: 'L', start: 1.6 }, drawn(0, 10), short, { frame, rate })).toBeNull();
  });
});

describe('the image kind', () => {
  it('zooms a Ken Burns view to 1/zoom of the picture around the focus, kept inside it', () => {
    expect(viewBoxes({ motion: 'kenBurns', zoom: 1.25, focus: { x: 0.5, y: 0.5 } })).toEqual({
      from: { x: 0, y: 0, width: 1, height: 1 },
      to: { x: 0.1, y: 0.1, width: 0.8, height: 0.8 },
    });
    expect(viewBoxes({ motion: 'kenBurns', zoom: 2, focus: { x: 1, y: 0 } }).to).toEqual({
      x: 0.5,
      y: 0,
      width: 0.5,
      height: 0.5,
    });
    expect(viewBoxes({ motion: 'panRight', zoom: 1.25, focus: { x: 0.5, y: 0.5 } })).toEqual({
      from: { x: 0, y: 0.1, width: 0.8, height: 0.8 },
      to: { x: 0.2, y: 0.1, width: 0.8, height: 0.8 },
    });
  });

  it('places a moving picture with its view, a still one as still', () => {
    const moving = imageKind.place(
      {
        motion: 'panLeft',
        zoom: 1.25,
        focus: { x: 0.5, y: 0.5 },
        fit: 'cover',
        box: { x: 0, y: 0, width: 1, height: 1 },
      },
      drawn(0, 1920),
      read,
      { frame, rate },
    );
    expect(moving).toMatchObject({
      window: { start: 75, end: read.end },
      motion: { type: 'view', from: { x: 0.2 }, to: { x: 0 } },
    });
    const still = imageKind.place(
      {
        motion: 'none',
        zoom: 1.25,
        focus: { x: 0.5, y: 0.5 },
        fit: 'cover',
        box: { x: 0, y: 0, width: 1, height: 1 },
        start: 1,
        end: 4,
      },
      drawn(0, 1920),
      read,
      { frame, rate },
    );
    expect(still).toMatchObject({ window: { start: 105, end: 195 }, motion: { type: 'still' } });
  });

  it('covers a box around the focus point, or contains the picture centred', () => {
    // A 2:1 picture in a square box: cover crops the sides, keeping x = 0.8 as central as it can.
    expect(
      fitPicture({ width: 200, height: 100 }, { width: 100, height: 100 }, 'cover', { x: 0.8, y: 0.5 }),
    ).toEqual({ x: -100, y: 0, width: 200, height: 100 });
    expect(
      fitPicture({ width: 200, height: 100 }, { width: 100, height: 100 }, 'cover', { x: 0.5, y: 0.5 }),
    ).toEqual({ x: -50, y: 0, width: 200, height: 100 });
    expect(
      fitPicture({ width: 200, height: 100 }, { width: 100, height: 100 }, 'contain', { x: 0.9, y: 0.5 }),
    ).toEqual({ x: 0, y: 25, width: 100, height: 50 });
  });
});

describe('the presenter kind', () => {
  it('stands right-third in landscape and lower-half in portrait unless the template says otherwise', () => {
    expect(placementFor({ id: 'ada' }, frame)).toBe('right-third');
    expect(placementFor({ id: 'ada' }, { aspect: '9:16', width: 1080, height: 1920 })).toBe('lower-half');
    expect(placementFor({ id: 'ada', placement: { '16:9': 'pip' } }, frame)).toBe('pip');
  });
});

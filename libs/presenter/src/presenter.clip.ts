import type { ClauseTiming, Viseme, VisemeTiming } from '@app/core';
import { ClipwrightError, ErrorCode, type Rect } from '@app/core';
import { type FrameState, planMotion } from './motion';
import type { Presenter } from './presenter.library';
import type { MouthShape, PresenterManifest } from './presenter.types';
import { drawEyes, drawMouth, drawShapes, type EyeState, eyesBox, mouthBox } from './rig.draw';
import { blend, blit, renderSprite, type Sprite } from './sprite';

export interface PresenterInput {
  visemes: VisemeTiming[];
  clauses: ClauseTiming[];
  /** Seconds. */
  duration: number;
  fps: number;
  width: number;
  height: number;
  seed: number;
}

export interface PresenterClip {
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  /** RGBA, straight alpha, width*height*4 bytes each; every frame is a new Buffer the caller may keep. */
  frames(): AsyncIterable<Buffer>;
}

export type { Rect } from '@app/core';

/** How many breathing poses the body is drawn in; the shoulders rise about 3 art units in all. */
const BREATH_LEVELS = 4;
const BREATH_RISE = 3;
/** The most the head travels from rest, art units (nods, sway, the opening glance, breath). */
const HEAD_TRAVEL = { left: 9, right: 9, up: 4, down: 18 };
/** Bytes of eye and mouth poses kept per clip; beyond this the least recently used go (4K stays bounded). */
const SPRITE_CACHE_BYTES = 96 * 1024 * 1024;

/** The figure's scale (px per art unit) and top-left in a clip: as large as fits, bottom-centred. */
export function figureFit(
  m: PresenterManifest,
  width: number,
  height: number,
): { scale: number; x: number; y: number } {
  const scale = Math.min(width / m.canvas.width, height / m.canvas.height);
  return {
    scale,
    x: Math.round((width - m.canvas.width * scale) / 2),
    y: Math.round(height - m.canvas.height * scale),
  };
}

function pxBox(box: Rect, scale: number): Rect {
  const x = Math.floor(box.x * scale) - 1;
  const y = Math.floor(box.y * scale) - 1;
  return {
    x,
    y,
    width: Math.ceil((box.x + box.width) * scale) + 2 - x,
    height: Math.ceil((box.y + box.height) * scale) + 2 - y,
  };
}

/**
 * Where the mouth is in a clip of this size: the box it can occupy at rest, widened by the most the
 * head travels, so a measurement (mouthOpenness) over it sees the mouth in every frame.
 */
export function mouthRect(p: Presenter, width: number, height: number): Rect {
  const fit = figureFit(p.manifest, width, height);
  const { center, halfWidth } = p.manifest.mouth;
  // Where the opening can be (not the lips' full reach), so little else falls inside.
  const box: Rect = {
    x: center[0] - halfWidth * 1.15,
    y: center[1] - halfWidth * 0.5,
    width: halfWidth * 2.3,
    height: halfWidth * 1.4,
  };
  const grown: Rect = {
    x: box.x - HEAD_TRAVEL.left,
    y: box.y - HEAD_TRAVEL.up,
    width: box.width + HEAD_TRAVEL.left + HEAD_TRAVEL.right,
    height: box.height + HEAD_TRAVEL.up + HEAD_TRAVEL.down,
  };
  const r = pxBox(grown, fit.scale);
  const x = Math.max(0, r.x + fit.x);
  const y = Math.max(0, r.y + fit.y);
  return {
    x,
    y,
    width: Math.min(width, r.x + fit.x + r.width) - x,
    height: Math.min(height, r.y + fit.y + r.height) - y,
  };
}

const q = (v: number, steps: number): number => Math.round(v * steps) / steps;

/** The pieces of one presenter at one scale, drawn on demand and kept. */
class RigSprites {
  private readonly bodies: Sprite[] = [];
  private head?: Sprite;
  private readonly eyes = new SpriteCache();
  private readonly mouths = new SpriteCache();
  private readonly eyeBox: Rect;
  private readonly mouthBox: Rect;

  constructor(
    private readonly m: PresenterManifest,
    private readonly scale: number,
  ) {
    this.eyeBox = pxBox(eyesBox(m.eyes), scale);
    this.mouthBox = pxBox(mouthBox(m.mouth), scale);
  }

  body(level: number): Sprite {
    let s = this.bodies[level];
    if (!s) {
      const { width, height } = this.m.canvas;
      const sy = 1 + (BREATH_RISE * level) / (BREATH_LEVELS - 1) / (height * 0.55);
      s = renderSprite(0, 0, width * this.scale, height * this.scale, this.scale, (ctx) => {
        // Breathing lifts the shoulders from the bottom edge; the chest widens a touch less than it rises.
        ctx.translate(width / 2, height);
        ctx.scale(1 + (sy - 1) * 0.4, sy);
        ctx.translate(-width / 2, -height);
        drawShapes(ctx, this.m.body, this.m.palette);
      });
      this.bodies[level] = s;
    }
    return s;
  }

  headBase(): Sprite {
    if (!this.head) {
      const { width, height } = this.m.canvas;
      this.head = renderSprite(0, 0, width * this.scale, height * this.scale, this.scale, (ctx) =>
        drawShapes(ctx, this.m.head, this.m.palette),
      );
    }
    return this.head;
  }

  eyesFor(state: EyeState): Sprite {
    const e: EyeState = {
      blink: q(state.blink, 10),
      gaze: [q(state.gaze[0], 20), q(state.gaze[1], 20)],
      browLift: q(state.browLift, 4),
    };
    const key = `${e.blink}|${e.gaze[0]}|${e.gaze[1]}|${e.browLift}`;
    return this.eyes.get(key, () =>
      renderSprite(this.eyeBox.x, this.eyeBox.y, this.eyeBox.width, this.eyeBox.height, this.scale, (ctx) =>
        drawEyes(ctx, this.m, e),
      ),
    );
  }

  mouthFor(shape: MouthShape): Sprite {
    const s: MouthShape = {
      open: q(shape.open, 40),
      width: q(shape.width, 40),
      round: q(shape.round, 20),
      teethTop: q(shape.teethTop, 10),
      teethBottom: q(shape.teethBottom, 10),
      tongue: q(shape.tongue, 10),
      tuck: q(shape.tuck, 10),
      press: q(shape.press, 10),
      smile: q(shape.smile, 40),
    };
    const key = Object.values(s).join('|');
    return this.mouths.get(key, () =>
      renderSprite(
        this.mouthBox.x,
        this.mouthBox.y,
        this.mouthBox.width,
        this.mouthBox.height,
        this.scale,
        (ctx) => drawMouth(ctx, this.m, s),
      ),
    );
  }
}

/** Poses drawn so far, least recently used first, bounded by their total size. */
class SpriteCache {
  private readonly map = new Map<string, Sprite>();
  private bytes = 0;

  get(key: string, make: () => Sprite): Sprite {
    let s = this.map.get(key);
    if (s) {
      this.map.delete(key);
      this.map.set(key, s);
      return s;
    }
    s = make();
    this.map.set(key, s);
    this.bytes += s.data.byteLength;
    for (const [k, old] of this.map) {
      if (this.bytes <= SPRITE_CACHE_BYTES || this.map.size <= 1) break;
      this.map.delete(k);
      this.bytes -= old.data.byteLength;
    }
    return s;
  }
}

/** One frame of the figure in a clip; `sprites` must be for `fit.scale`. */
function composeFrame(
  sprites: RigSprites,
  fit: { scale: number; x: number; y: number },
  width: number,
  height: number,
  state: FrameState,
): Buffer {
  const frame = Buffer.alloc(width * height * 4);
  const level = Math.min(BREATH_LEVELS - 1, Math.round(state.breath * (BREATH_LEVELS - 1)));
  blit(frame, width, height, sprites.body(level), fit.x, fit.y);
  // Whole pixels only: sprites stay crisp, and at 1080 lines a pixel is well under the motion's size.
  const hx = fit.x + Math.round(state.head[0] * fit.scale);
  const hy = fit.y + Math.round(state.head[1] * fit.scale);
  blend(frame, width, height, sprites.headBase(), hx, hy);
  blend(frame, width, height, sprites.eyesFor(state), hx, hy);
  blend(frame, width, height, sprites.mouthFor(state.mouth), hx, hy);
  return frame;
}

function checkInput(input: PresenterInput): void {
  const bad = (field: string, message: string): ClipwrightError =>
    new ClipwrightError(ErrorCode.Internal, `Presenter ${field} ${message}`, { path: field });
  for (const k of ['width', 'height'] as const) {
    if (!Number.isInteger(input[k]) || input[k] < 16 || input[k] > 8192) {
      throw bad(k, `must be a whole number of pixels from 16 to 8192, not ${input[k]}`);
    }
  }
  if (!Number.isFinite(input.fps) || input.fps <= 0 || input.fps > 240)
    throw bad('fps', `must be 0-240, not ${input.fps}`);
  if (!Number.isFinite(input.duration) || input.duration <= 0) {
    throw bad('duration', `must be a positive number of seconds, not ${input.duration}`);
  }
  if (!Number.isFinite(input.seed)) throw bad('seed', `must be a number, not ${input.seed}`);
  if (!Array.isArray(input.visemes) || !Array.isArray(input.clauses)) throw bad('timings', 'must be arrays');
}

/**
 * The presenter speaking: every frame its mouth follows the visemes, it blinks, breathes, nods at
 * phrase starts and glances up to the camera at the start. Deterministic for a seed. The pieces are
 * drawn once at the clip's scale and assembled per frame in memory (no canvas work per frame except
 * for a mouth or eye pose not seen before), which is what keeps this well under real time.
 */
export function animatePresenter(p: Presenter, input: PresenterInput): PresenterClip {
  checkInput(input);
  const { width, height, fps } = input;
  const states = planMotion(p.manifest.mouth.shapes, input);
  const fit = figureFit(p.manifest, width, height);
  let sprites: RigSprites | undefined;
  return {
    width,
    height,
    fps,
    frameCount: states.length,
    async *frames(): AsyncIterable<Buffer> {
      sprites ??= new RigSprites(p.manifest, fit.scale);
      for (const state of states) yield composeFrame(sprites, fit, width, height, state);
    },
  };
}

/** The presenter at rest (or holding one mouth shape), e.g. for a thumbnail or a preview. */
export function presenterStill(p: Presenter, width: number, height: number, viseme: Viseme = 'X'): Buffer {
  const fit = figureFit(p.manifest, width, height);
  const sprites = new RigSprites(p.manifest, fit.scale);
  const state: FrameState = {
    mouth: p.manifest.mouth.shapes[viseme],
    viseme,
    blink: 0,
    gaze: [0, 0],
    browLift: 0,
    head: [0, 0],
    breath: 0,
  };
  return composeFrame(sprites, fit, width, height, state);
}

/** The motion plan behind a clip, for inspection and tests. */
export function presenterMotion(p: Presenter, input: PresenterInput): FrameState[] {
  checkInput(input);
  return planMotion(p.manifest.mouth.shapes, input);
}

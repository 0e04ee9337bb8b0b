import { Path2D, type SKRSContext2D } from '@napi-rs/canvas';
import type {
  ArtShape,
  EyeRig,
  LinearGradient,
  MouthRig,
  MouthShape,
  Paint,
  PresenterManifest,
} from './presenter.types';

type Ctx = SKRSContext2D;

export function resolveColour(paint: Paint, palette: Record<string, string>): string {
  return paint.startsWith('$') ? (palette[paint.slice(1)] ?? '#ff00ff') : paint;
}

function setFill(ctx: Ctx, fill: Paint | LinearGradient, palette: Record<string, string>): void {
  if (typeof fill === 'string') {
    ctx.fillStyle = resolveColour(fill, palette);
    return;
  }
  const g = ctx.createLinearGradient(fill.from[0], fill.from[1], fill.to[0], fill.to[1]);
  for (const [at, c] of fill.stops) g.addColorStop(at, resolveColour(c, palette));
  ctx.fillStyle = g;
}

/** Draw a layer of the art in art units (the caller sets the transform). */
export function drawShapes(ctx: Ctx, shapes: readonly ArtShape[], palette: Record<string, string>): void {
  const named = new Map<string, Path2D>();
  for (const s of shapes) {
    const p = new Path2D(s.d);
    ctx.save();
    if (s.clip) ctx.clip(named.get(s.clip) as Path2D);
    ctx.globalAlpha = s.opacity ?? 1;
    if (s.fill) {
      setFill(ctx, s.fill, palette);
      ctx.fill(p);
    }
    if (s.stroke) {
      ctx.strokeStyle = resolveColour(s.stroke, palette);
      ctx.lineWidth = s.strokeWidth ?? 2;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.stroke(p);
    }
    ctx.restore();
    if (s.name) named.set(s.name, p);
  }
}

export interface EyeState {
  blink: number;
  gaze: [number, number];
  browLift: number;
}

/** The opening of one eye: an almond whose outer corner lifts by `tilt`. */
function eyeOutline(e: EyeRig, cx: number, cy: number, outer: -1 | 1, lidTop: number): Path2D {
  const ox = cx + outer * e.rx;
  const ix = cx - outer * e.rx;
  const oy = cy - e.tilt;
  const iy = cy + e.tilt * 0.25;
  const p = new Path2D();
  p.moveTo(ix, iy);
  // Upper lid: the peak sits a little toward the inner side, as in a real eye.
  p.bezierCurveTo(ix + outer * e.rx * 0.35, lidTop, ox - outer * e.rx * 0.55, lidTop, ox, oy);
  p.bezierCurveTo(
    ox - outer * e.rx * 0.45,
    cy + e.ry * 1.15,
    ix + outer * e.rx * 0.4,
    cy + e.ry * 1.1,
    ix,
    iy,
  );
  p.closePath();
  return p;
}

function upperLidCurve(e: EyeRig, cx: number, cy: number, outer: -1 | 1, lidTop: number): Path2D {
  const ox = cx + outer * e.rx;
  const ix = cx - outer * e.rx;
  const p = new Path2D();
  p.moveTo(ix, cy + e.tilt * 0.25);
  p.bezierCurveTo(ix + outer * e.rx * 0.35, lidTop, ox - outer * e.rx * 0.55, lidTop, ox, cy - e.tilt);
  return p;
}

/** Both eyes, lids at `blink`, irises toward `gaze`, brows lifted by `browLift`, glasses on top. */
export function drawEyes(ctx: Ctx, m: PresenterManifest, state: EyeState): void {
  const e = m.eyes;
  const pal = m.palette;
  const col = (p: Paint): string => resolveColour(p, pal);
  e.centers.forEach(([cx, cy], i) => {
    const outer: -1 | 1 = i === 0 ? -1 : 1;
    const open = cy - e.ry * 1.45;
    const shut = cy + e.ry * 0.95;
    const lidTop = open + (shut - open) * state.blink;
    const eye = eyeOutline(e, cx, cy, outer, open);
    ctx.save();
    ctx.clip(eye);
    ctx.fillStyle = col(e.white);
    ctx.fill(eye);
    const ix = cx + state.gaze[0] * e.gazeRange;
    const iy = cy + state.gaze[1] * e.gazeRange * 0.6 + e.ry * 0.08;
    ctx.fillStyle = col(e.iris);
    ctx.beginPath();
    ctx.arc(ix, iy, e.irisRadius, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = col(e.pupil);
    ctx.beginPath();
    ctx.arc(ix, iy, e.irisRadius * 0.48, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = 'rgba(255,255,255,0.9)';
    ctx.beginPath();
    ctx.arc(ix + e.irisRadius * 0.35, iy - e.irisRadius * 0.4, e.irisRadius * 0.22, 0, Math.PI * 2);
    ctx.fill();
    // The lid: skin from above the eye down to its edge, which follows the blink.
    if (state.blink > 0.01) {
      const lid = upperLidCurve(e, cx, cy, outer, lidTop);
      lid.lineTo(cx + outer * e.rx * 1.2, cy - e.ry * 3);
      lid.lineTo(cx - outer * e.rx * 1.2, cy - e.ry * 3);
      lid.closePath();
      ctx.fillStyle = col(e.lid);
      ctx.fill(lid);
    }
    ctx.restore();
    // The lash line along the lid's edge, heavier toward the outer corner.
    ctx.strokeStyle = col(e.lash);
    ctx.lineWidth = e.lashWidth;
    ctx.lineCap = 'round';
    ctx.stroke(upperLidCurve(e, cx, cy, outer, Math.min(lidTop, shut)));
    const flick = e.flick ?? 0;
    if (flick > 0) {
      // Lashes gathered at the outer corner, drawn as one short flick.
      const ox = cx + outer * e.rx;
      const oy = cy - e.tilt;
      ctx.beginPath();
      ctx.moveTo(ox - outer * e.rx * 0.25, oy - e.ry * 0.25 + (lidTop - open) * 0.3);
      ctx.quadraticCurveTo(
        ox + outer * e.rx * 0.05 * flick,
        oy - e.ry * 0.1,
        ox + outer * e.rx * 0.22 * flick,
        oy - e.ry * 0.7 * flick,
      );
      ctx.stroke();
    }
    // A soft crease above the open lid gives the eye depth.
    ctx.save();
    ctx.globalAlpha = 0.22;
    ctx.lineWidth = Math.max(1, e.lashWidth * 0.45);
    ctx.stroke(upperLidCurve(e, cx, cy - e.ry * 0.55, outer, open - e.ry * 0.65));
    ctx.restore();
  });
  ctx.save();
  ctx.translate(0, -state.browLift * e.browLift);
  ctx.fillStyle = col(e.brow);
  for (const d of e.brows) ctx.fill(new Path2D(d));
  ctx.restore();
  if (e.glasses) {
    const g = e.glasses;
    if (g.lensFill) {
      ctx.fillStyle = col(g.lensFill);
      for (const d of g.lens ?? []) ctx.fill(new Path2D(d));
    }
    ctx.strokeStyle = col(g.color);
    ctx.lineWidth = g.width;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const d of g.frame) ctx.stroke(new Path2D(d));
  }
}

interface MouthGeometry {
  inner: Path2D;
  outer: Path2D;
  top: number;
  bottom: number;
  cornerY: number;
  innerHalf: number;
  gap: number;
}

function mouthGeometry(r: MouthRig, s: MouthShape): MouthGeometry {
  const [cx, cy] = r.center;
  const hw = r.halfWidth * s.width;
  const gap = Math.max(0, s.open * r.halfWidth);
  const cornerY = cy - s.smile * r.halfWidth;
  // The jaw does most of the opening; the upper lip lifts a little.
  const top = cy - gap * 0.3;
  const bottom = cy + gap * 0.7 - s.tuck * r.lowerLip * 0.5;
  const innerHalf = hw * (1 - 0.3 * s.round);
  // Rounder mouths pull their control points outward, making the opening an O rather than a lens.
  const k = 0.5 + 0.45 * s.round;
  const inner = new Path2D();
  inner.moveTo(cx - innerHalf, cornerY);
  inner.bezierCurveTo(
    cx - innerHalf * k,
    top - (top - cornerY) * 0.0 - gap * 0.12,
    cx + innerHalf * k,
    top - gap * 0.12,
    cx + innerHalf,
    cornerY,
  );
  inner.bezierCurveTo(
    cx + innerHalf * k,
    bottom + gap * 0.25,
    cx - innerHalf * k,
    bottom + gap * 0.25,
    cx - innerHalf,
    cornerY,
  );
  inner.closePath();

  const full = 1 + 0.5 * s.round + 0.25 * s.press;
  const up = r.upperLip * full;
  const low = r.lowerLip * full * (1 - 0.35 * s.tuck);
  const outerHalf = hw + r.halfWidth * 0.04;
  const outer = new Path2D();
  outer.moveTo(cx - outerHalf, cornerY);
  // Upper lip with a cupid's bow: two peaks and a dip at the middle.
  outer.bezierCurveTo(
    cx - outerHalf * 0.75,
    top - up * 0.7,
    cx - hw * 0.45,
    top - up * 1.15,
    cx - hw * 0.2,
    top - up * 1.05,
  );
  outer.quadraticCurveTo(cx, top - up * 0.75, cx + hw * 0.2, top - up * 1.05);
  outer.bezierCurveTo(
    cx + hw * 0.45,
    top - up * 1.15,
    cx + outerHalf * 0.75,
    top - up * 0.7,
    cx + outerHalf,
    cornerY,
  );
  outer.bezierCurveTo(
    cx + outerHalf * 0.8,
    bottom + low * 1.25,
    cx - outerHalf * 0.8,
    bottom + low * 1.25,
    cx - outerHalf,
    cornerY,
  );
  outer.closePath();
  return { inner, outer, top, bottom, cornerY, innerHalf, gap };
}

/** The mouth drawn from its parameters, so any blend of two shapes is itself a drawable mouth. */
export function drawMouth(ctx: Ctx, m: PresenterManifest, s: MouthShape): void {
  const r = m.mouth;
  const col = (p: Paint): string => resolveColour(p, m.palette);
  const [cx] = r.center;
  const g = mouthGeometry(r, s);
  if (r.upperLip > 0 || r.lowerLip > 0) {
    ctx.fillStyle = col(r.lip);
    ctx.fill(g.outer);
  }
  const hw = r.halfWidth * s.width;
  if (g.gap > r.halfWidth * 0.03) {
    ctx.save();
    ctx.fillStyle = col(r.inside);
    ctx.fill(g.inner);
    ctx.clip(g.inner);
    // Tongue: resting low in the mouth, or raised to the teeth for an L.
    const tongueY = g.bottom + g.gap * 0.15 - s.tongue * g.gap * 0.55;
    ctx.fillStyle = col(r.tongue);
    ctx.beginPath();
    ctx.ellipse(cx, tongueY, g.innerHalf * 0.62, g.gap * (0.35 + 0.25 * s.tongue), 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = col(r.teeth);
    // Teeth show as bands from the lips inward, nearly meeting in a narrow opening (S, T, EE).
    const band = Math.min(g.gap * 0.48, r.halfWidth * 0.22);
    if (s.teethTop > 0.02) {
      ctx.fillRect(
        cx - hw,
        g.top - g.gap,
        hw * 2,
        g.gap * 0.88 + band * s.teethTop + s.tuck * r.lowerLip * 0.6,
      );
    }
    if (s.teethBottom > 0.02) {
      ctx.fillRect(cx - hw, g.bottom + g.gap * 0.25 - band * s.teethBottom, hw * 2, g.gap);
    }
    ctx.restore();
  }
  // Where the lips meet: a line that fades as the mouth opens.
  const lineAlpha = Math.max(0, 1 - g.gap / (r.halfWidth * 0.12));
  if (lineAlpha > 0) {
    ctx.save();
    ctx.globalAlpha = lineAlpha;
    ctx.strokeStyle = col(r.line);
    ctx.lineCap = 'round';
    ctx.lineWidth = Math.max(1.5, r.halfWidth * (0.07 + 0.04 * s.press));
    const p = new Path2D();
    p.moveTo(cx - g.innerHalf, g.cornerY);
    p.bezierCurveTo(
      cx - g.innerHalf * 0.4,
      g.top + r.halfWidth * 0.06,
      cx + g.innerHalf * 0.4,
      g.top + r.halfWidth * 0.06,
      cx + g.innerHalf,
      g.cornerY,
    );
    ctx.stroke(p);
    ctx.restore();
  }
}

/** The art-unit box the mouth can ever occupy (for its sprite and for measuring it). */
export function mouthBox(r: MouthRig): { x: number; y: number; width: number; height: number } {
  const hw = r.halfWidth;
  return {
    x: r.center[0] - hw * 1.7,
    y: r.center[1] - hw * 0.55 - r.upperLip * 2,
    width: hw * 3.4,
    height: hw * 2.4 + r.upperLip * 2 + r.lowerLip * 2,
  };
}

/** The art-unit box of eyes, brows (lifted) and glasses. */
export function eyesBox(e: EyeRig): { x: number; y: number; width: number; height: number } {
  let x0 = Math.min(e.centers[0][0], e.centers[1][0]) - e.rx * 1.6;
  let x1 = Math.max(e.centers[0][0], e.centers[1][0]) + e.rx * 1.6;
  let y0 = Math.min(e.centers[0][1], e.centers[1][1]) - e.ry * 3;
  let y1 = Math.max(e.centers[0][1], e.centers[1][1]) + e.ry * 2;
  const paths = [...e.brows, ...(e.glasses?.frame ?? []), ...(e.glasses?.lens ?? [])];
  for (const d of paths) {
    const [l, t, rr, b] = new Path2D(d).getBounds();
    const pad = (e.glasses?.width ?? 0) + 2;
    x0 = Math.min(x0, l - pad);
    x1 = Math.max(x1, rr + pad);
    y0 = Math.min(y0, t - e.browLift - pad);
    y1 = Math.max(y1, b + pad);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

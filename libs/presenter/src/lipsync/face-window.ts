// Math's functions bound once: inside a vm context (jest) every lookup of the global `Math` goes
// through the context's interceptor and costs ~100x a module binding; this is the per-pixel path.
const { floor, min, max, round } = Math;

/** Side of the square face crop Wav2Lip was trained on (hparams.py `img_size`). */
export const FACE_SIZE = 96;
/** Floats in one crop plane, and in one batch item of the 6-channel face input. */
export const FACE_PLANE = FACE_SIZE * FACE_SIZE;
export const FACE_ITEM = 6 * FACE_PLANE;
export const OUTPUT_ITEM = 3 * FACE_PLANE;

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An RGBA picture, 4 bytes a pixel, rows top to bottom. */
export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface BlendMaskOptions {
  /** Fraction of the box height where the blend starts to fade in (0 = top, 1 = bottom). */
  top: number;
  /** Width of every soft edge, as a fraction of the box side. */
  feather: number;
}

/**
 * Starts just above the middle: Wav2Lip only ever redraws the masked lower half (the model sees the
 * upper half unmasked and is trained to copy it), so the eyes stay the source's own pixels and the
 * seam falls on the cheeks where the model's blur is least visible.
 */
export const DEFAULT_BLEND_MASK: BlendMaskOptions = { top: 0.45, feather: 0.12 };

/**
 * Bilinear sample of channel `c` at (sx, sy) with edge clamping, the way OpenCV's INTER_LINEAR reads
 * pixels (half-pixel centres): Wav2Lip's inference.py resizes crops with cv2.resize, so the model was
 * trained on exactly this resampling.
 */
function sample(
  data: Uint8Array,
  stride: number,
  x0: number,
  y0: number,
  w: number,
  h: number,
  sx: number,
  sy: number,
  c: number,
): number {
  const fx = min(max(sx, 0), w - 1);
  const fy = min(max(sy, 0), h - 1);
  const ix = floor(fx);
  const iy = floor(fy);
  const ax = fx - ix;
  const ay = fy - iy;
  const ix1 = min(ix + 1, w - 1);
  const iy1 = min(iy + 1, h - 1);
  const row0 = (y0 + iy) * stride;
  const row1 = (y0 + iy1) * stride;
  const p00 = data[row0 + (x0 + ix) * 4 + c];
  const p01 = data[row0 + (x0 + ix1) * 4 + c];
  const p10 = data[row1 + (x0 + ix) * 4 + c];
  const p11 = data[row1 + (x0 + ix1) * 4 + c];
  return (p00 * (1 - ax) + p01 * ax) * (1 - ay) + (p10 * (1 - ax) + p11 * ax) * ay;
}

/** True when the box lies wholly inside a width x height picture and has whole-pixel edges. */
export function boxFits(box: FaceBox, width: number, height: number): boolean {
  return (
    [box.x, box.y, box.width, box.height].every(Number.isInteger) &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.width > 0 &&
    box.height > 0 &&
    box.x + box.width <= width &&
    box.y + box.height <= height
  );
}

/**
 * Writes one batch item of the face input: the box resized to 96x96, as BGR floats in [0, 1]
 * (OpenCV's channel order, which the checkpoints were trained with), channels 0-2 with the lower half
 * zeroed (inference.py `img_masked[:, img_size//2:] = 0`) and channels 3-5 the whole crop as the
 * identity reference. inference.py takes the reference from the same frame; so do we.
 */
export function writeFaceWindow(frame: RgbaFrame, box: FaceBox, out: Float32Array, item: number): void {
  const stride = frame.width * 4;
  const base = item * FACE_ITEM;
  const scaleX = box.width / FACE_SIZE;
  const scaleY = box.height / FACE_SIZE;
  for (let y = 0; y < FACE_SIZE; y++) {
    const sy = (y + 0.5) * scaleY - 0.5;
    const masked = y >= FACE_SIZE / 2;
    for (let x = 0; x < FACE_SIZE; x++) {
      const sx = (x + 0.5) * scaleX - 0.5;
      const p = y * FACE_SIZE + x;
      for (let bgr = 0; bgr < 3; bgr++) {
        const v = sample(frame.data, stride, box.x, box.y, box.width, box.height, sx, sy, 2 - bgr) / 255;
        out[base + bgr * FACE_PLANE + p] = masked ? 0 : v;
        out[base + (3 + bgr) * FACE_PLANE + p] = v;
      }
    }
  }
}

function ramp(from: number, to: number, v: number): number {
  const t = min(1, max(0, (v - from) / (to - from)));
  return t * t * (3 - 2 * t);
}

/**
 * Blend weights over a box (row-major, width x height): 0 above `top`, rising smoothly over `feather`,
 * 1 over the mouth and jaw, and falling to 0 over `feather` at the left, right and bottom edges so
 * no hard seam shows where the model's slightly blurred output meets the source frame. Wav2Lip itself
 * pastes the whole square hard (inference.py `f[y1:y2, x1:x2] = p`); the soft lower-face mask is the
 * common refinement (e.g. Easy-Wav2Lip, Wav2Lip-HD).
 */
export function blendMask(
  width: number,
  height: number,
  options: BlendMaskOptions = DEFAULT_BLEND_MASK,
): Float32Array {
  const mask = new Float32Array(width * height);
  const f = max(options.feather, 1e-6);
  for (let y = 0; y < height; y++) {
    const yn = (y + 0.5) / height;
    const vertical = ramp(options.top, options.top + f, yn) * ramp(1, 1 - f, yn);
    for (let x = 0; x < width; x++) {
      const xn = (x + 0.5) / width;
      mask[y * width + x] = vertical * ramp(0, f, xn) * ramp(1, 1 - f, xn);
    }
  }
  return mask;
}

/**
 * Pastes batch item `item` of the model output ([B,3,96,96], BGR in [0, 1]) over the box of `frame`,
 * resized back to the box with the same bilinear filter and weighted by `mask` (from blendMask for
 * this box size). Pixels where the mask is 0, and all pixels outside the box, are left as they were;
 * alpha is never touched.
 */
export function pasteFaceWindow(
  frame: RgbaFrame,
  box: FaceBox,
  output: Float32Array,
  item: number,
  mask: Float32Array,
): void {
  const stride = frame.width * 4;
  const base = item * OUTPUT_ITEM;
  const scaleX = FACE_SIZE / box.width;
  const scaleY = FACE_SIZE / box.height;
  for (let y = 0; y < box.height; y++) {
    const sy = min(max((y + 0.5) * scaleY - 0.5, 0), FACE_SIZE - 1);
    const iy = floor(sy);
    const iy1 = min(iy + 1, FACE_SIZE - 1);
    const ay = sy - iy;
    for (let x = 0; x < box.width; x++) {
      const a = mask[y * box.width + x];
      if (a <= 0) continue;
      const sx = min(max((x + 0.5) * scaleX - 0.5, 0), FACE_SIZE - 1);
      const ix = floor(sx);
      const ix1 = min(ix + 1, FACE_SIZE - 1);
      const ax = sx - ix;
      const px = (box.y + y) * stride + (box.x + x) * 4;
      for (let bgr = 0; bgr < 3; bgr++) {
        const plane = base + bgr * FACE_PLANE;
        const top =
          output[plane + iy * FACE_SIZE + ix] * (1 - ax) + output[plane + iy * FACE_SIZE + ix1] * ax;
        const bottom =
          output[plane + iy1 * FACE_SIZE + ix] * (1 - ax) + output[plane + iy1 * FACE_SIZE + ix1] * ax;
        const predicted = min(255, max(0, (top * (1 - ay) + bottom * ay) * 255));
        const c = px + (2 - bgr);
        frame.data[c] = round(a * predicted + (1 - a) * frame.data[c]);
      }
    }
  }
}

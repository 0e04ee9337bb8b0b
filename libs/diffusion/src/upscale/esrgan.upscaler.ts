import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { lipsync } from '@app/presenter';
import type { RgbaImage } from '../image/rgba-image';
import {
  DiffusionLogger,
  ExecutionPreference,
  ExecutionProvider,
  firstLine,
  OnnxSession,
  OnnxSessionFactory,
  openSession,
  ortSessionFactory,
  stderrDiffusionLogger,
} from '../runtime/onnx-runtime';
import { FLOAT_TYPES, fromTensor, isFixed, toTensor } from '../runtime/tensor-io';
import { planSpans, spanWeight, TileSpan, weightedRange } from './tile-plan';

/** What a user's super-resolution export must look like (Real-ESRGAN's inference signature). */
export const ESRGAN_SIGNATURE_TEXT =
  'one input float32|float16 [1,3,H,W] RGB in 0..1 -> one output [1,3,sH,sW], s = 2 or 4 (1..8)';

/** Largest output the upscaler makes (RGBA bytes are 4 a pixel: 256 MB). */
export const MAX_UPSCALE_OUTPUT_PIXELS = 64_000_000;

export interface UpscaleOptions {
  /** Core tile size in input pixels (dynamic-size models). Default 192. */
  tile?: number;
  /** Context on each side of a tile, input pixels. Default 24. */
  overlap?: number;
  /** Cross-fade band across tile borders, input pixels, at most the overlap. Default: the overlap. */
  feather?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface OpenUpscalerOptions {
  factory?: OnnxSessionFactory;
  preference?: ExecutionPreference;
  logger?: DiffusionLogger;
}

/**
 * A Real-ESRGAN-signature super-resolution model (Wang et al. 2021, "Real-ESRGAN: Training
 * Real-World Blind Super-Resolution with Pure Synthetic Data"; xinntao/Real-ESRGAN inference_realesrgan.py
 * feeds RGB in 0..1 and tiles with padding) run tile by tile, so memory stays bounded at any size.
 */
export class EsrganUpscaler {
  private constructor(
    private readonly session: OnnxSession,
    readonly scale: number,
    readonly provider: ExecutionProvider,
    readonly label: string,
    /** Input tile size the export fixed, if any. */
    private readonly window: { height: number; width: number } | undefined,
    readonly fallbackReason?: string,
  ) {}

  /**
   * Opens the model (CUDA first, CPU fallback), checks its signature and finds its scale from the
   * output shape or one small probe run.
   * @throws ClipwrightError MODEL_INVALID saying what the file has instead.
   */
  static async open(file: string, options: OpenUpscalerOptions = {}): Promise<EsrganUpscaler> {
    const label = path.basename(file);
    const opened = await openSession(
      options.factory ?? ortSessionFactory,
      file,
      label,
      options.preference ?? 'auto',
      options.logger ?? stderrDiffusionLogger,
    );
    const { session } = opened;
    const bad = (why: string) =>
      new ClipwrightError(
        ErrorCode.ModelInvalid,
        `${label} does not have the super-resolution signature (${why}); expected ${ESRGAN_SIGNATURE_TEXT}, ` +
          `the model has inputs ${lipsync.describeTensors(session.inputs)} and outputs ${lipsync.describeTensors(session.outputs)}`,
        { path: file },
      );
    try {
      const [input] = session.inputs;
      const [output] = session.outputs;
      if (session.inputs.length !== 1 || session.outputs.length !== 1)
        throw bad('one input and one output are needed');
      for (const t of [input, output]) {
        if (!FLOAT_TYPES.has(t.type)) throw bad(`${t.name} is ${t.type}`);
        if (t.shape.length !== 4 || (isFixed(t.shape[1]) && t.shape[1] !== 3))
          throw bad(`${t.name} is not [1,3,H,W]`);
      }
      const window =
        isFixed(input.shape[2]) && isFixed(input.shape[3])
          ? { height: input.shape[2], width: input.shape[3] }
          : undefined;
      let scale: number | undefined;
      if (window && isFixed(output.shape[2]) && isFixed(output.shape[3]))
        scale = output.shape[2] / window.height;
      const probe = new EsrganUpscaler(session, 1, opened.provider, label, window);
      if (scale === undefined) {
        const size = window ?? { height: 16, width: 16 };
        const out = await probe.run(new Float32Array(3 * size.height * size.width), size.height, size.width);
        scale = out.height / size.height;
        if (out.width / size.width !== scale)
          throw bad(`it scales ${size.width}x${size.height} to ${out.width}x${out.height}`);
      }
      if (!Number.isInteger(scale) || scale < 1 || scale > 8) throw bad(`its scale is ${scale}`);
      return new EsrganUpscaler(session, scale, opened.provider, label, window, opened.fallbackReason);
    } catch (e) {
      await session.release();
      throw e;
    }
  }

  private async run(
    planes: Float32Array,
    h: number,
    w: number,
  ): Promise<{ values: Float32Array; height: number; width: number }> {
    const input = this.session.inputs[0];
    const output = this.session.outputs[0];
    let result;
    try {
      result = await this.session.run({ [input.name]: toTensor(input.type, planes, [1, 3, h, w]) }, [
        output.name,
      ]);
    } catch (e) {
      throw new ClipwrightError(
        ErrorCode.Internal,
        `${this.label} failed on a ${w}x${h} tile: ${firstLine(e)}`,
        { cause: e },
      );
    }
    const t = result[output.name];
    const [b, c, oh, ow] = t.dims;
    if (t.dims.length !== 4 || b !== 1 || c !== 3) {
      throw new ClipwrightError(
        ErrorCode.ModelInvalid,
        `${this.label} returned [${t.dims.join(',')}]; expected [1,3,sH,sW]`,
      );
    }
    return { values: fromTensor(t), height: oh, width: ow };
  }

  /**
   * The picture `scale` times larger. Colour goes through the model; a non-opaque alpha channel is
   * upscaled by the model too, as a grey picture (Real-ESRGAN's alpha_upsampler "realesrgan").
   * @throws ClipwrightError IMAGE_REQUEST_INVALID when the result would exceed MAX_UPSCALE_OUTPUT_PIXELS; CANCELLED.
   */
  async upscale(image: RgbaImage, options: UpscaleOptions = {}): Promise<RgbaImage> {
    const s = this.scale;
    const outW = image.width * s;
    const outH = image.height * s;
    if (outW * outH > MAX_UPSCALE_OUTPUT_PIXELS) {
      throw new ClipwrightError(
        ErrorCode.ImageRequestInvalid,
        `$.image ${image.width}x${image.height} x${s} would be ${outW}x${outH}; at most ${MAX_UPSCALE_OUTPUT_PIXELS / 1e6} megapixels`,
        { path: '$.image' },
      );
    }
    const overlap = Math.max(0, Math.round(options.overlap ?? 24));
    const feather = Math.min(overlap, Math.max(0, Math.round(options.feather ?? overlap)));
    const tile = Math.max(8, Math.round(options.tile ?? 192));
    const rows = planSpans(image.height, tile, overlap, this.window?.height);
    const cols = planSpans(image.width, tile, overlap, this.window?.width);
    let alpha = false;
    for (let i = 3; i < image.data.length && !alpha; i += 4) alpha = image.data[i] !== 255;
    const channels = alpha ? 4 : 3;
    const out = new Uint8Array(outW * outH * 4);
    if (!alpha) for (let i = 3; i < out.length; i += 4) out[i] = 255;

    // A band of output rows, accumulated in float, is all that is held besides the result.
    const bandRows = Math.ceil((Math.max(...rows.map((r) => r.core[1] - r.core[0])) + feather + 2) * s);
    const band = new Float32Array(bandRows * outW * channels);
    let bandStart = 0; // first output row the band holds
    const total = rows.length * cols.length;
    let done = 0;
    for (let r = 0; r < rows.length; r++) {
      const [y0, y1] = weightedRange(rows, r, s, feather, image.height);
      for (let c = 0; c < cols.length; c++) {
        if (options.signal?.aborted)
          throw new ClipwrightError(ErrorCode.Cancelled, 'The upscale job was cancelled');
        const [x0, x1] = weightedRange(cols, c, s, feather, image.width);
        const tiles = [await this.tile(image, rows[r], cols[c], false)];
        if (alpha) tiles.push(await this.tile(image, rows[r], cols[c], true));
        for (let y = y0; y < y1; y++) {
          const wy = spanWeight(rows, r, y, s, feather);
          if (wy === 0) continue;
          const ty = y - rows[r].input[0] * s;
          for (let x = x0; x < x1; x++) {
            const w = wy * spanWeight(cols, c, x, s, feather);
            if (w === 0) continue;
            const tx = x - cols[c].input[0] * s;
            const at = ((y - bandStart) * outW + x) * channels;
            const tw = tiles[0].width;
            const plane = tiles[0].height * tw;
            const src = ty * tw + tx;
            for (let k = 0; k < 3; k++) band[at + k] += w * tiles[0].values[k * plane + src];
            if (alpha)
              band[at + 3] +=
                (w *
                  (tiles[1].values[src] + tiles[1].values[plane + src] + tiles[1].values[2 * plane + src])) /
                3;
          }
        }
        options.onProgress?.(++done / total);
      }
      // Rows above the next tile row's fade-in are final: quantise them and slide the band up.
      const final = r < rows.length - 1 ? weightedRange(rows, r + 1, s, feather, image.height)[0] : outH;
      for (let y = bandStart; y < final; y++) {
        for (let x = 0; x < outW; x++) {
          const from = ((y - bandStart) * outW + x) * channels;
          for (let k = 0; k < channels; k++)
            out[(y * outW + x) * 4 + k] = Math.round(Math.min(1, Math.max(0, band[from + k])) * 255);
        }
      }
      const keep = (y1 - final) * outW * channels;
      band.copyWithin(
        0,
        (final - bandStart) * outW * channels,
        (final - bandStart) * outW * channels + Math.max(0, keep),
      );
      band.fill(0, Math.max(0, keep));
      bandStart = final;
    }
    return { width: outW, height: outH, data: out };
  }

  /** One tile's model output: RGB planes in 0..1 (or the alpha plane as grey), edge pixels repeated outside the picture. */
  private async tile(
    image: RgbaImage,
    row: TileSpan,
    col: TileSpan,
    alpha: boolean,
  ): Promise<{ values: Float32Array; height: number; width: number }> {
    const h = row.input[1] - row.input[0];
    const w = col.input[1] - col.input[0];
    const planes = new Float32Array(3 * h * w);
    for (let y = 0; y < h; y++) {
      const sy = Math.min(image.height - 1, row.input[0] + y);
      for (let x = 0; x < w; x++) {
        const p = (sy * image.width + Math.min(image.width - 1, col.input[0] + x)) * 4;
        for (let k = 0; k < 3; k++) planes[k * h * w + y * w + x] = image.data[p + (alpha ? 3 : k)] / 255;
      }
    }
    const out = await this.run(planes, h, w);
    if (out.height !== h * this.scale || out.width !== w * this.scale) {
      throw new ClipwrightError(
        ErrorCode.ModelInvalid,
        `${this.label} scaled a ${w}x${h} tile to ${out.width}x${out.height}, not x${this.scale}`,
      );
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

import type { FrameRate } from '@app/timeline';
import { timebase } from './rational';

/**
 * SMPTE ST 12-1 timecode of a frame count. Integer rates count plainly (non-drop, `HH:MM:SS:FF`).
 * At 29.97 and 59.94 (30000/1001, 60000/1001) drop-frame timecode skips frame numbers 0 and 1 (0 to
 * 3 at 59.94) at the start of every minute except each tenth, so the label keeps to the wall clock;
 * it is written with `;` before the frames. `dropFrame: false` forces non-drop at those rates.
 */
export function timecode(frames: number, rate: FrameRate, options: { dropFrame?: boolean } = {}): string {
  if (!Number.isInteger(frames) || frames < 0)
    throw new RangeError(`timecode: ${frames} is not a frame count`);
  const { timebase: fps, ntsc } = timebase(rate);
  const drop = ntsc && (fps === 30 || fps === 60) && options.dropFrame !== false;
  let f = frames;
  if (drop) {
    const dropped = fps / 15; // 2 at 29.97, 4 at 59.94
    const perTenMinutes = fps * 600 - dropped * 9;
    const perMinute = fps * 60 - dropped;
    const tens = Math.floor(f / perTenMinutes);
    const rest = f % perTenMinutes;
    f += dropped * 9 * tens + (rest > dropped ? dropped * Math.floor((rest - dropped) / perMinute) : 0);
  }
  const ff = f % fps;
  const totalSeconds = Math.floor(f / fps);
  const two = (v: number): string => String(v).padStart(2, '0');
  const hh = Math.floor(totalSeconds / 3600) % 24;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const ss = totalSeconds % 60;
  return `${two(hh)}:${two(mm)}:${two(ss)}${drop ? ';' : ':'}${two(ff)}`;
}

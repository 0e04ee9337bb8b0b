import { ClipwrightError, ErrorCode } from '@app/core';

/**
 * A frame rate as a fraction, frames per second = num / den (30/1, 25/1, 30000/1001), the way
 * OpenTimelineIO's RationalTime and FCPXML's frameDuration express it, so no exporter has to guess a
 * float back into a fraction.
 */
export interface FrameRate {
  num: number;
  den: number;
}

/** An integer frame rate (the templates' `fps`: 24, 25, 30, 50, 60) as a FrameRate. */
export function frameRate(fps: number, den = 1): FrameRate {
  if (!Number.isInteger(fps) || !Number.isInteger(den) || fps <= 0 || den <= 0) {
    throw new ClipwrightError(ErrorCode.Internal, `frameRate: ${fps}/${den} is not a frame rate`);
  }
  return { num: fps, den };
}

/** Frames per second as a number, for ffmpeg options that take one. */
export function fpsOf(rate: FrameRate): number {
  return rate.num / rate.den;
}

/** `30/1`: how ffmpeg (`-framerate`, `-r`) and result.json write a rate. */
export function rateText(rate: FrameRate): string {
  return `${rate.num}/${rate.den}`;
}

/** Seconds of a whole number of frames (exact for the rates templates allow; never accumulated). */
export function secondsOf(frames: number, rate: FrameRate): number {
  return (frames * rate.den) / rate.num;
}

/**
 * Seconds to frames. `nearest` snaps a length chosen by a person (2.5 s); `up` covers a measured
 * length (a reading of 34.299 s needs frame 1029 too), and tolerates float noise of a microsecond
 * so 2.5 s at 30 fps is 75 frames, not 76.
 */
export function framesOf(
  seconds: number,
  rate: FrameRate,
  rounding: 'nearest' | 'up' | 'down' = 'nearest',
): number {
  const exact = (seconds * rate.num) / rate.den;
  if (rounding === 'up') return Math.ceil(exact - 1e-6);
  if (rounding === 'down') return Math.floor(exact + 1e-6);
  return Math.round(exact);
}

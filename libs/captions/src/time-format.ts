import { ClipwrightError, ErrorCode } from '@app/core';

/**
 * Seconds to whole milliseconds or centiseconds, halves rounded up. Going through 12 significant
 * digits first drops the binary noise of the multiplication (0.9995 * 1000 may come out as
 * 999.4999…), so a time written as 0.9995 s in the data rounds the way a person reads it: to 1.000.
 */
function toWholeUnits(seconds: number, unitsPerSecond: number): number {
  if (!Number.isFinite(seconds)) {
    throw new ClipwrightError(ErrorCode.Internal, `A caption time is not a number: ${seconds}`);
  }
  return Math.max(0, Math.round(Number((seconds * unitsPerSecond).toPrecision(12))));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function clock(totalMs: number, separator: string): string {
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const seconds = Math.floor(totalMs / 1000) % 60;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}${separator}${pad(totalMs % 1000, 3)}`;
}

/** SubRip timestamp `HH:MM:SS,mmm` (comma before the milliseconds, as SubRip writes it). */
export function formatSrtTime(seconds: number): string {
  return clock(toWholeUnits(seconds, 1000), ',');
}

/** WebVTT timestamp `HH:MM:SS.mmm` (W3C WebVTT §4.2.1: hours kept so every file reads alike). */
export function formatVttTime(seconds: number): string {
  return clock(toWholeUnits(seconds, 1000), '.');
}

/** ASS v4+ timestamp `H:MM:SS.cc`: one hour digit at least, centiseconds. */
export function formatAssTime(seconds: number): string {
  const cs = toWholeUnits(seconds, 100);
  const hours = Math.floor(cs / 360_000);
  const minutes = Math.floor(cs / 6000) % 60;
  const secs = Math.floor(cs / 100) % 60;
  return `${hours}:${pad(minutes, 2)}:${pad(secs, 2)}.${pad(cs % 100, 2)}`;
}

/** The time SRT and WebVTT will carry for `seconds`, in seconds. */
export function roundToMs(seconds: number): number {
  return Math.round(Number((seconds * 1000).toPrecision(12))) / 1000;
}

// A nanosecond of slack keeps float noise (2.0000000001) from pushing a time to the next millisecond.
const SLACK_MS = 1e-6;

/** The first whole millisecond at or after `seconds`. */
export function ceilToMs(seconds: number): number {
  return Math.ceil(seconds * 1000 - SLACK_MS) / 1000;
}

/** The last whole millisecond at or before `seconds`. */
export function floorToMs(seconds: number): number {
  return Math.floor(seconds * 1000 + SLACK_MS) / 1000;
}

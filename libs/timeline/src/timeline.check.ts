import { ClipwrightError, ErrorCode } from '@app/core';
import type { Span, Timeline } from './timeline.types';

function whole(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

function spanProblem(what: string, s: Span, within: Span): string | undefined {
  if (!whole(s.start) || !whole(s.end)) return `${what} is not in whole frames (${s.start}..${s.end})`;
  if (s.end <= s.start) return `${what} is empty (${s.start}..${s.end})`;
  if (s.start < within.start || s.end > within.end)
    return `${what} (${s.start}..${s.end}) lies outside ${within.start}..${within.end}`;
  return undefined;
}

/**
 * What is wrong with a timeline, if anything: scenes contiguous from frame 0 to the end, windows and
 * clips inside the clip (a scene-plane layer inside its scene's extent), transitions only between
 * neighbours and starting at the cut, every time a whole frame. Exporters can run it on what they
 * are given; the engine runs it before compiling.
 */
export function timelineProblems(t: Timeline): string[] {
  const problems: string[] = [];
  const add = (p: string | undefined): void => void (p && problems.push(p));
  const clip = { start: 0, end: t.duration };
  if (!whole(t.duration) || t.duration === 0)
    problems.push(`duration ${t.duration} is not a positive whole frame count`);
  let clock = 0;
  t.scenes.forEach((s, i) => {
    if (s.index !== i) problems.push(`scenes[${i}] has index ${s.index}`);
    if (s.start !== clock)
      problems.push(`scenes[${i}] starts at ${s.start}, not where the previous ends (${clock})`);
    add(spanProblem(`scenes[${i}]`, s, clip));
    add(spanProblem(`scenes[${i}].extent`, s.extent, clip));
    if (s.narration) add(spanProblem(`scenes[${i}].narration`, s.narration, s));
    clock = s.end;
  });
  if (clock !== t.duration) problems.push(`the scenes end at ${clock}, the clip at ${t.duration}`);
  t.transitions.forEach((x, i) => {
    const to = t.scenes[x.to];
    if (x.to !== x.from + 1 || !to) problems.push(`transitions[${i}] does not join neighbouring scenes`);
    else if (x.start !== to.start)
      problems.push(`transitions[${i}] starts at ${x.start}, not at the cut ${to.start}`);
    if (!whole(x.duration) || x.duration === 0) problems.push(`transitions[${i}] lasts ${x.duration} frames`);
  });
  t.layers.forEach((l, i) => {
    const scene = t.scenes[l.scene];
    if (!scene) problems.push(`layers[${i}] (${l.id}) names scene ${l.scene}, which does not exist`);
    const within = l.plane === 'scene' && scene ? scene.extent : clip;
    add(spanProblem(`layers[${i}] (${l.id}) window`, l.window, within));
    if (!whole(l.fadeIn) || !whole(l.fadeOut) || l.fadeIn + l.fadeOut > l.window.end - l.window.start)
      problems.push(`layers[${i}] (${l.id}) fades ${l.fadeIn}+${l.fadeOut} frames do not fit its window`);
  });
  t.audio.forEach((track, ti) =>
    track.clips.forEach((c, ci) =>
      add(spanProblem(`audio[${ti}].clips[${ci}]`, { start: c.start, end: c.start + c.duration }, clip)),
    ),
  );
  return problems;
}

/** Throws INTERNAL listing the problems: a timeline the engine built must be sound. */
export function assertTimeline(t: Timeline): void {
  const problems = timelineProblems(t);
  if (problems.length) {
    throw new ClipwrightError(ErrorCode.Internal, `The timeline is inconsistent: ${problems.join('; ')}`, {
      detail: { problems },
    });
  }
}

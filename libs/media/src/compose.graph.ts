import { ClipwrightError, ErrorCode } from '@app/core';
import type {
  Direction,
  Motion,
  SceneSpan,
  Timeline,
  TimelineLayer,
  Transition,
  ViewBox,
} from '@app/timeline';

const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

/** A plain file name in ffmpeg's working folder; anything else would need filter-graph escaping. */
export function assertSafeName(name: string): string {
  if (!SAFE_NAME.test(name)) {
    throw new ClipwrightError(ErrorCode.Internal, `compose: unsafe file name for a filter graph: ${name}`);
  }
  return name;
}

/** Seconds of `frames` as ffmpeg options take them: microsecond precision, no trailing zeros. */
export function frameSeconds(frames: number, t: Pick<Timeline, 'rate'>): string {
  return String(Math.round((frames * t.rate.den * 1e6) / t.rate.num) / 1e6);
}

/** `setpts` expression putting frame N of a layer `offset` frames into its stream, exactly. */
function pts(t: Timeline, offset: number): string {
  const base = `N*${t.rate.den}/${t.rate.num}/TB`;
  return offset ? `${base}+${frameSeconds(offset, t)}/TB` : base;
}

/**
 * RGB pictures become BT.709 limited-range YUV here, where we choose the matrix, rather than in a
 * conversion ffmpeg would insert with its BT.601 default (ITU-R BT.709-6; the encode tags the same).
 */
const TO_YUV = 'scale=out_color_matrix=bt709:out_range=tv';

/** The part of a clip a `cover` fit shows: fractions of its frame, cut on whole pixels. */
function cropFilter(c: ViewBox): string {
  const num = (v: number): string => String(Math.round(v * 1e6) / 1e6);
  return `crop=w=iw*${num(c.width)}:h=ih*${num(c.height)}:x=iw*${num(c.x)}:y=ih*${num(c.y)}:exact=1`;
}

/** How an overlay's input becomes a timed layer stream (label `ovN`), before fades. */
function layerSource(t: Timeline, l: TimelineLayer, offset: number): string[] {
  const n = l.window.end - l.window.start;
  const m = l.media;
  if (m.type === 'still') {
    return [
      `${TO_YUV},format=yuva420p`,
      `loop=loop=${n - 1}:size=1:start=0`,
      `setpts=${pts(t, offset)}`,
      ...viewFilter(l.motion, n),
    ];
  }
  if (m.type === 'stream' || m.type === 'video') {
    const crop = m.type === 'video' && m.crop ? [cropFilter(m.crop)] : [];
    const sized = !crop.length && m.width === l.rect.width && m.height === l.rect.height;
    return [
      ...crop,
      `${sized ? TO_YUV : `${TO_YUV}:w=${l.rect.width}:h=${l.rect.height}`},format=yuva420p`,
      `trim=end_frame=${n}`,
      `setpts=${pts(t, offset)}`,
    ];
  }
  throw new ClipwrightError(ErrorCode.Internal, `compose: ${l.id} (${m.type}) is not an overlay`);
}

/**
 * Ken Burns and pans: the view box moves linearly over the layer's `n` frames. `perspective` samples
 * the still once per frame at sub-pixel positions (no whole-pixel steps, so no zoompan jitter) and
 * the picture was decoded and scaled once.
 */
export function viewFilter(motion: Motion, n: number): string[] {
  if (motion.type !== 'view') return [];
  const p = n > 1 ? `on/${n - 1}` : '0';
  const num = (v: number): string => String(Math.round(v * 1e6) / 1e6);
  const at = (a: number, b: number): string => (a === b ? num(a) : `(${num(a)}+${num(b - a)}*${p})`);
  const x = `W*${at(motion.from.x, motion.to.x)}`;
  const y = `H*${at(motion.from.y, motion.to.y)}`;
  const w = `W*${at(motion.from.width, motion.to.width)}`;
  const h = `H*${at(motion.from.height, motion.to.height)}`;
  const c = (e: string): string => `'${e}'`;
  return [
    `perspective=x0=${c(x)}:y0=${c(y)}:x1=${c(`${x}+${w}`)}:y1=${c(y)}:x2=${c(x)}:y2=${c(`${y}+${h}`)}:x3=${c(`${x}+${w}`)}:y3=${c(`${y}+${h}`)}:interpolation=linear:eval=frame`,
  ];
}

function fades(t: Timeline, l: TimelineLayer, offset: number): string[] {
  const out: string[] = [];
  const n = l.window.end - l.window.start;
  if (l.fadeIn > 0)
    out.push(`fade=t=in:st=${frameSeconds(offset, t)}:d=${frameSeconds(l.fadeIn, t)}:alpha=1`);
  if (l.fadeOut > 0)
    out.push(
      `fade=t=out:st=${frameSeconds(offset + n - l.fadeOut, t)}:d=${frameSeconds(l.fadeOut, t)}:alpha=1`,
    );
  return out;
}

/** The overlay's position: at rest, or easing out (cubic) from an offset over the slide's frames. */
function position(t: Timeline, l: TimelineLayer, offset: number): string {
  const { x, y } = l.rect;
  if (l.motion.type !== 'slide' || l.motion.duration === 0) return `x=${x}:y=${y}`;
  const st = frameSeconds(offset, t);
  const d = frameSeconds(l.motion.duration, t);
  const end = frameSeconds(offset + l.motion.duration, t);
  const ease = (rest: number, from: number): string =>
    from === 0 ? String(rest) : `'if(lt(t,${end}),${rest}+${from}*pow(1-(t-${st})/${d},3),${rest})'`;
  return `x=${ease(x, l.motion.fromX)}:y=${ease(y, l.motion.fromY)}`;
}

/**
 * The chains that make a layer's overlay stream `[label]` from input `input`. A wiped layer is its
 * looped still revealed by `xfade` from its own first frames made clear: xfade keeps the alpha plane, works
 * per pixel only during the wipe and passes the still through after it, so nothing is redrawn.
 */
function overlayChains(
  t: Timeline,
  l: TimelineLayer,
  offset: number,
  input: number | undefined,
  label: string,
): string[] {
  const m = l.motion;
  if (m.type !== 'wipe' || m.duration <= 0 || l.media.type !== 'still') {
    return [`[${input}:v]${[...layerSource(t, l, offset), ...fades(t, l, offset)].join(',')}[${label}]`];
  }
  const n = l.window.end - l.window.start;
  const d = Math.min(m.duration, n);
  return [
    `[${input}:v]${TO_YUV},format=yuva420p,loop=loop=${n - 1}:size=1:start=0,setpts=${pts(t, 0)},split[${label}s][${label}k]`,
    // The clear frames are the still's own, made transparent: the same size and format by construction.
    `[${label}k]trim=end_frame=${d + 1},lutyuv=a=0[${label}c]`,
    `[${label}c][${label}s]${[
      `xfade=transition=wipe${m.direction}:duration=${frameSeconds(d, t)}:offset=0`,
      `setpts=${pts(t, offset)}`,
      ...fades(t, l, offset),
    ].join(',')}[${label}]`,
  ];
}

/** What input each overlay reads: its index among ffmpeg's inputs. */
export type InputIndex = ReadonlyMap<TimelineLayer, number>;

/** A full-frame opaque still shown for the whole scene: the scene's picture can start from it. */
function isBase(t: Timeline, l: TimelineLayer, scene: SceneSpan): boolean {
  const { rect, window } = l;
  return (
    l.media.type === 'still' &&
    l.media.opaque &&
    l.motion.type === 'still' &&
    l.fadeIn === 0 &&
    rect.x === 0 &&
    rect.y === 0 &&
    rect.width === t.frame.width &&
    rect.height === t.frame.height &&
    window.start === scene.extent.start &&
    window.end === scene.extent.end
  );
}

const XFADE: Record<'crossfade' | 'wipe' | 'slide', (d: Direction) => string> = {
  crossfade: () => 'fade',
  wipe: (d) => `wipe${d}`,
  slide: (d) => `slide${d}`,
};

function transitionName(x: Transition): string {
  if (x.kind === 'cut') throw new ClipwrightError(ErrorCode.Internal, 'compose: a cut is not an xfade');
  return XFADE[x.kind](x.direction ?? 'left');
}

/**
 * The filter graph of one output. Each scene is composited on its own clock over its extent (its
 * base still looped, then its overlays in z-order, each still decoded once and repeated with `loop`);
 * scenes are joined with `concat` at cuts and `xfade` at transitions, which start at the cut;
 * program-plane layers (burned-in captions) go over the joined picture. Draw once, move cheaply.
 */
export function buildComposeGraph(t: Timeline, inputs: InputIndex): string {
  const chains: string[] = [];
  const size = `${t.frame.width}x${t.frame.height}`;
  const rate = `${t.rate.num}/${t.rate.den}`;
  const sceneLabels = t.scenes.map((scene, si) => {
    const extent = scene.extent.end - scene.extent.start;
    const layers = t.layers.filter((l) => l.plane === 'scene' && l.scene === si);
    let current = `s${si}`;
    const first = layers[0];
    if (first && isBase(t, first, scene)) {
      chains.push(
        `[${inputs.get(first)}:v]${TO_YUV},format=yuv420p,loop=loop=${extent - 1}:size=1:start=0,setpts=${pts(t, 0)},trim=end_frame=${extent}[${current}]`,
      );
      layers.shift();
    } else {
      chains.push(`color=c=black:s=${size}:r=${rate},trim=end_frame=${extent},format=yuv420p[${current}]`);
    }
    layers.forEach((l, li) => {
      const offset = l.window.start - scene.extent.start;
      const label = `s${si}o${li}`;
      chains.push(...overlayChains(t, l, offset, inputs.get(l), label));
      const next = `s${si}v${li}`;
      chains.push(
        `[${current}][${label}]overlay=${position(t, l, offset)}:eof_action=pass:format=yuv420[${next}]`,
      );
      current = next;
    });
    return current;
  });

  let program = sceneLabels[0];
  for (let si = 1; si < t.scenes.length; si++) {
    const into = t.transitions.find((x) => x.to === si);
    const label = `j${si}`;
    if (into) {
      chains.push(
        `[${program}][${sceneLabels[si]}]xfade=transition=${transitionName(into)}:duration=${frameSeconds(into.duration, t)}:offset=${frameSeconds(into.start, t)}[${label}]`,
      );
    } else chains.push(`[${program}][${sceneLabels[si]}]concat=n=2:v=1:a=0[${label}]`);
    program = label;
  }

  t.layers
    .filter((l) => l.plane === 'program')
    .forEach((l, pi) => {
      const label = `p${pi}`;
      if (l.media.type === 'subtitles') {
        chains.push(`[${program}]subtitles=filename=${assertSafeName(l.media.file)}[${label}]`);
      } else {
        const over = `p${pi}o`;
        const offset = l.window.start;
        chains.push(...overlayChains(t, l, offset, inputs.get(l), over));
        chains.push(
          `[${program}][${over}]overlay=${position(t, l, offset)}:eof_action=pass:format=yuv420[${label}]`,
        );
      }
      program = label;
    });
  chains.push(`[${program}]format=yuv420p[vout]`);
  return chains.join(';');
}

import type { Timeline, TimelineLayer, Transition } from '@app/timeline';
import { audioLanes } from './edit-lanes';
import type { TimelineExport } from './interchange.types';
import { el, xmlDocument, type XmlNode } from './xml';

const prop = (name: string, value: string | number): XmlNode => el('property', { name }, String(value));

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}

/** Keyframe values are written with at most 4 decimals, C locale. */
function num(v: number): string {
  return String(Math.round(v * 1e4) / 1e4);
}

/**
 * A layer's place and opacity per frame, relative to its window start, as an `affine` `rect`
 * animation (`frame=x y w h opacity;...`, pixels of the profile). The file is full frame at the
 * layer's rest position, so a slide is an offset of the whole frame; the slide eases out as the
 * compose graph does (cubic, `from * (1 - k/d)^3`), written frame by frame because MLT 7.12 has no
 * cubic keyframe type; fades ramp the opacity linearly over their frames like ffmpeg's `fade`.
 */
export function layerRect(t: Timeline, l: TimelineLayer, motionBaked: boolean): string {
  const n = l.window.end - l.window.start;
  const { width: w, height: h } = t.frame;
  const slide = !motionBaked && l.motion.type === 'slide' ? l.motion : undefined;
  const at = (k: number): string => {
    let x = 0;
    let y = 0;
    if (slide && k < slide.duration) {
      const e = Math.pow(1 - k / slide.duration, 3);
      x = slide.fromX * e;
      y = slide.fromY * e;
    }
    let o = 1;
    if (l.fadeIn > 0 && k < l.fadeIn) o = Math.min(o, k / l.fadeIn);
    if (l.fadeOut > 0 && k >= n - l.fadeOut) o = Math.min(o, (n - k) / l.fadeOut);
    return `${num(x)} ${num(y)} ${w} ${h} ${num(o)}`;
  };
  const moving = new Set<number>([0, n - 1]);
  for (let k = 0; k < Math.min(n, Math.max(slide?.duration ?? 0, l.fadeIn) + 1); k++) moving.add(k);
  for (let k = Math.max(0, n - l.fadeOut - 1); k < n; k++) moving.add(k);
  return [...moving]
    .filter((k) => k >= 0 && k < n)
    .sort((a, b) => a - b)
    .map((k) => `${k}=${at(k)}`)
    .join(';');
}

/** How one scene's picture gives way to the next: `luma` without a map is a dissolve. */
function sceneTransition(t: Timeline, x: Transition): XmlNode {
  const out = x.duration - 1;
  if (x.kind === 'crossfade') {
    return el('transition', { in: 0, out }, [
      prop('a_track', 0),
      prop('b_track', 1),
      prop('mlt_service', 'luma'),
    ]);
  }
  // Wipes and slides: the incoming scene moves in over the outgoing one from its direction.
  const dx = x.direction === 'left' ? t.frame.width : x.direction === 'right' ? -t.frame.width : 0;
  const dy = x.direction === 'up' ? t.frame.height : x.direction === 'down' ? -t.frame.height : 0;
  const rect = `0=${dx} ${dy} ${t.frame.width} ${t.frame.height} 1;${out}=0 0 ${t.frame.width} ${t.frame.height} 1`;
  return el('transition', { in: 0, out }, [
    prop('a_track', 0),
    prop('b_track', 1),
    prop('mlt_service', 'affine'),
    prop('rect', rect),
  ]);
}

/**
 * The timeline as MLT XML (the engine of Kdenlive and Shotcut; `melt file.mlt` renders it). It has
 * the compose graph's structure: each scene a `tractor` over its extent (black, then one track per
 * layer composited with `affine` (qtblend does not accumulate over several tracks in MLT 7.12), its slide and fades as `rect` keyframes), the scenes joined on
 * one playlist with a small tractor per transition (a `luma` dissolve for a crossfade), and the
 * program-plane layers and the audio tracks (`mix`) over that in the main tractor. The `profile`
 * is the output's size and rate. Burned-in captions are not in it (their SRT travels beside it).
 */
export function writeMlt(x: TimelineExport): string {
  const t = x.timeline;
  const { width: w, height: h } = t.frame;
  const g = gcd(w, h);
  const nodes: XmlNode[] = [];
  nodes.push(
    el('profile', {
      description: x.name,
      width: w,
      height: h,
      progressive: 1,
      sample_aspect_num: 1,
      sample_aspect_den: 1,
      display_aspect_num: w / g,
      display_aspect_den: h / g,
      frame_rate_num: t.rate.num,
      frame_rate_den: t.rate.den,
      colorspace: 709,
    }),
  );
  const length = t.duration + 1;
  nodes.push(
    el('producer', { id: 'black', in: 0, out: length - 1 }, [
      prop('length', length),
      prop('resource', '0x000000ff'),
      prop('mlt_service', 'color'),
    ]),
  );
  const producers = new Map<string, string>();
  const producerOf = (path: string, service: 'qimage' | 'avformat', frames: number): string => {
    const known = producers.get(path);
    if (known) return known;
    const id = `media${producers.size + 1}`;
    producers.set(path, id);
    nodes.push(
      el('producer', { id, in: 0, out: frames - 1 }, [
        prop('length', frames),
        prop('resource', path),
        prop('mlt_service', service),
      ]),
    );
    return id;
  };

  /**
   * One layer as a playlist on a clock starting at `origin` (blank, then its media), and the
   * `affine` transition that composites it onto track 0 of its tractor from track `track`.
   */
  const layerTrack = (
    playlist: string,
    l: TimelineLayer,
    origin: number,
    track: number,
  ): XmlNode | undefined => {
    const file = x.layers[l.id];
    if (!file) return undefined;
    const n = l.window.end - l.window.start;
    const producer =
      file.type === 'still'
        ? producerOf(file.path, 'qimage', length)
        : producerOf(file.path, 'avformat', file.frames ?? n);
    const offset = l.window.start - origin;
    nodes.push(
      el('playlist', { id: playlist }, [
        ...(offset > 0 ? [el('blank', { length: offset })] : []),
        el('entry', { producer, in: 0, out: n - 1 }),
      ]),
    );
    return el('transition', { in: offset, out: offset + n - 1 }, [
      prop('a_track', 0),
      prop('b_track', track),
      prop('mlt_service', 'affine'),
      prop('rect', layerRect(t, l, file.motionBaked)),
    ]);
  };

  for (const scene of t.scenes) {
    const extent = scene.extent.end - scene.extent.start;
    const id = `scene${scene.index}`;
    const tracks: XmlNode[] = [el('track', { producer: 'black', in: 0, out: extent - 1 })];
    const transitions: XmlNode[] = [];
    for (const l of t.layers.filter((l) => l.plane === 'scene' && l.scene === scene.index)) {
      const composite = layerTrack(`${id}l${tracks.length}`, l, scene.extent.start, tracks.length);
      if (!composite) continue;
      transitions.push(composite);
      tracks.push(el('track', { producer: `${id}l${tracks.length}` }));
    }
    nodes.push(el('tractor', { id, in: 0, out: extent - 1 }, [el('multitrack', {}, tracks), ...transitions]));
  }
  // The scenes end to end; each transition a tractor of the outgoing scene's tail and the incoming one's head.
  const entries: XmlNode[] = [];
  for (const scene of t.scenes) {
    const into = t.transitions.find((tr) => tr.to === scene.index && tr.kind !== 'cut' && tr.duration > 0);
    if (into) {
      const from = t.scenes[into.from];
      const tail = from.end - from.extent.start;
      const id = `transition${scene.index}`;
      nodes.push(
        el('tractor', { id, in: 0, out: into.duration - 1 }, [
          el('multitrack', {}, [
            el('track', { producer: `scene${from.index}`, in: tail, out: tail + into.duration - 1 }),
            el('track', { producer: `scene${scene.index}`, in: 0, out: into.duration - 1 }),
          ]),
          sceneTransition(t, into),
        ]),
      );
      entries.push(el('entry', { producer: id, in: 0, out: into.duration - 1 }));
    }
    const first = into ? into.duration : 0;
    const last = scene.end - scene.extent.start - 1;
    if (last >= first) entries.push(el('entry', { producer: `scene${scene.index}`, in: first, out: last }));
  }
  nodes.push(el('playlist', { id: 'scenes' }, entries));
  // The main tractor: the scenes, then the program-plane layers, then the audio.
  const programTracks: XmlNode[] = [el('track', { producer: 'scenes' })];
  const mainTransitions: XmlNode[] = [];
  for (const l of t.layers.filter((l) => l.plane === 'program')) {
    const composite = layerTrack(`program${programTracks.length}`, l, 0, programTracks.length);
    if (!composite) continue;
    mainTransitions.push(composite);
    programTracks.push(el('track', { producer: `program${programTracks.length}` }));
  }
  audioLanes(x).forEach((track, i) => {
    const id = `audio${i + 1}`;
    const items: XmlNode[] = [];
    let at = 0;
    for (const c of track.clips) {
      const offset = Math.round((c.offset * t.rate.num) / t.rate.den);
      const frames = offset + c.end - c.start;
      if (c.start > at) items.push(el('blank', { length: c.start - at }));
      items.push(
        el('entry', { producer: producerOf(c.path, 'avformat', frames), in: offset, out: frames - 1 }),
      );
      at = c.end;
    }
    nodes.push(el('playlist', { id }, items));
    mainTransitions.push(
      el('transition', { in: 0, out: t.duration - 1 }, [
        prop('a_track', 0),
        prop('b_track', programTracks.length),
        prop('mlt_service', 'mix'),
        prop('always_active', 1),
        prop('sum', 1),
      ]),
    );
    programTracks.push(el('track', { producer: id, hide: 'video' }));
  });
  nodes.push(
    el('tractor', { id: 'main', in: 0, out: t.duration - 1, title: x.name }, [
      el('multitrack', {}, programTracks),
      ...mainTransitions,
    ]),
  );
  return xmlDocument(
    el('mlt', { LC_NUMERIC: 'C', version: '7.12.0', title: x.name, producer: 'main' }, nodes),
  );
}

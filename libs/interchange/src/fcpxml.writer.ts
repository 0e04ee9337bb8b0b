import { audioLanes, baseName, editLanes } from './edit-lanes';
import type { TimelineExport } from './interchange.types';
import { fcpTime, frameDuration } from './rational';
import { el, xmlDocument, type XmlNode } from './xml';

/** The FCPXML versions written: 1.10 (Final Cut Pro 10.6, Resolve 18+) and 1.9 (older importers). */
export type FcpxmlVersion = '1.10' | '1.9';

/** A relative media path as the URL `media-rep src` takes (each segment percent-encoded). */
function url(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

/**
 * The timeline as FCPXML (Final Cut Pro X XML; DaVinci Resolve imports it too). Resources: one
 * `format` for the sequence (its frame duration and size), one `asset` per media file with a
 * `media-rep` (1.9+). The project's `sequence` holds a spine of one `gap` as long as the clip; every
 * layer is an `asset-clip` connected to it on lanes 1.. (editLanes, bottom up) with its `videoRole`
 * (`video.presenter`, `titles.lowerThird`), each audio track on lanes -1.. with its role
 * (`dialogue`, `music`, `effects`), and the captions as `caption` elements with the role
 * `iTT?captionFormat=ITT.<lang>` on the lane above the pictures. Scenes are markers. Every time is
 * `N/Ds`, a multiple of the frame duration (rational.ts).
 */
export function writeFcpxml(x: TimelineExport, version: FcpxmlVersion = '1.10'): string {
  const t = x.timeline;
  const r = t.rate;
  const time = (frames: number): string => fcpTime(frames, r);
  const lanes = editLanes(x);
  const audio = audioLanes(x);
  const resources: XmlNode[] = [
    el('format', {
      id: 'r1',
      frameDuration: frameDuration(r),
      width: t.frame.width,
      height: t.frame.height,
      colorSpace: '1-1-1 (Rec. 709)',
    }),
  ];
  const assets = new Map<string, string>();
  const assetOf = (path: string, kind: 'still' | 'movie' | 'audio', frames: number): string => {
    const known = assets.get(path);
    if (known) return known;
    const id = `r${resources.length + 1}`;
    assets.set(path, id);
    const video = kind !== 'audio';
    resources.push(
      el(
        'asset',
        {
          id,
          name: baseName(path),
          start: '0s',
          duration: kind === 'still' ? '0s' : time(frames),
          hasVideo: video ? 1 : undefined,
          format: video ? 'r1' : undefined,
          videoSources: video ? 1 : undefined,
          hasAudio: video ? undefined : 1,
          audioSources: video ? undefined : 1,
          audioChannels: video ? undefined : 1,
          audioRate: video ? undefined : 48000,
        },
        [el('media-rep', { kind: 'original-media', src: url(path) })],
      ),
    );
    return id;
  };

  const connected: XmlNode[] = [];
  lanes.forEach((lane, i) => {
    for (const c of lane) {
      const window = c.layer.window.end - c.layer.window.start;
      const ref = assetOf(c.file.path, c.file.type, c.file.frames ?? window);
      connected.push(
        el('asset-clip', {
          ref,
          lane: i + 1,
          offset: time(c.start),
          name: c.name,
          start: time(c.sourceIn),
          duration: time(c.end - c.start),
          videoRole: c.role,
        }),
      );
    }
  });
  const audioRole: Record<string, string> = { voice: 'dialogue', music: 'music', effects: 'effects' };
  audio.forEach((track, i) => {
    for (const c of track.clips) {
      const offset = Math.round((c.offset * r.num) / r.den);
      const ref = assetOf(c.path, 'audio', offset + c.end - c.start);
      connected.push(
        el('asset-clip', {
          ref,
          lane: -(i + 1),
          offset: time(c.start),
          name: baseName(c.path),
          start: time(offset),
          duration: time(c.end - c.start),
          audioRole: audioRole[track.role] ?? track.role,
        }),
      );
    }
  });
  if (x.captions) {
    const role = `iTT?captionFormat=ITT.${x.captions.language}`;
    x.captions.cues.forEach((cue, n) => {
      const style = `ts${n + 1}`;
      connected.push(
        el(
          'caption',
          {
            lane: lanes.length + 1,
            offset: time(cue.start),
            name: cue.text,
            start: '0s',
            duration: time(cue.end - cue.start),
            role,
          },
          [
            el('text', { placement: 'bottom' }, [el('text-style', { ref: style }, cue.text)]),
            el('text-style-def', { id: style }, [
              el('text-style', {
                font: 'Helvetica',
                fontSize: 13,
                fontColor: '1 1 1 1',
                backgroundColor: '0 0 0 1',
              }),
            ]),
          ],
        ),
      );
    });
  }
  const markers = t.scenes.map((s) =>
    el('marker', { start: time(s.start), duration: time(1), value: `scene ${s.id}` }),
  );
  const sequence = el(
    'sequence',
    {
      format: 'r1',
      duration: time(t.duration),
      tcStart: '0s',
      tcFormat: r.den === 1001 ? 'DF' : 'NDF',
      audioLayout: 'stereo',
      audioRate: '48k',
    },
    [
      el('spine', {}, [
        el('gap', { name: 'Gap', offset: '0s', start: '0s', duration: time(t.duration) }, [
          ...connected,
          ...markers,
        ]),
      ]),
    ],
  );
  const root = el('fcpxml', { version }, [
    el('resources', {}, resources),
    el('library', {}, [el('event', { name: 'Clipwright' }, [el('project', { name: x.name }, [sequence])])]),
  ]);
  return xmlDocument(root, 'fcpxml');
}

import type { FrameRate } from '@app/timeline';
import { audioLanes, baseName, editLanes, laneTransitions } from './edit-lanes';
import type { TimelineExport } from './interchange.types';
import { timebase } from './rational';
import { timecode } from './timecode';
import { el, xmlDocument, type XmlNode } from './xml';

function rateEl(r: FrameRate): XmlNode {
  const { timebase: tb, ntsc } = timebase(r);
  return el('rate', {}, [el('timebase', {}, tb), el('ntsc', {}, ntsc ? 'TRUE' : 'FALSE')]);
}

function url(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

/** Cross Dissolve is the one transition every importer of FCP7 XML knows by name. */
function dissolve(): XmlNode {
  return el('effect', {}, [
    el('name', {}, 'Cross Dissolve'),
    el('effectid', {}, 'Cross Dissolve'),
    el('effectcategory', {}, 'Dissolve'),
    el('effecttype', {}, 'transition'),
    el('mediatype', {}, 'video'),
  ]);
}

/**
 * The timeline as Final Cut Pro 7 XML (`xmeml` version 4), the interchange Premiere Pro imports.
 * One `sequence` at the template's rate (`timebase`, `ntsc`), its video tracks from the bottom
 * (editLanes) and one audio track per role. Each `clipitem` has what the FCP7 XML reference requires
 * of it: `name`, `duration` (of its media), `rate`, `start`/`end` on the sequence (end exclusive),
 * `in`/`out` in the media, and its `file` (described in full the first time, by id after). Media
 * paths are relative `pathurl`s. A scene transition on the bottom track is a `transitionitem`
 * aligned to start at the cut, the clips around it marked -1 at that edge as FCP7 XML does.
 */
export function writeXmeml(x: TimelineExport): string {
  const t = x.timeline;
  const r = t.rate;
  const lanes = editLanes(x);
  const transitions = laneTransitions(x, lanes);
  const files = new Map<string, string>();
  let clipN = 0;
  const fileEl = (path: string, frames: number, kind: 'video' | 'audio'): XmlNode => {
    const known = files.get(path);
    if (known) return el('file', { id: known });
    const id = `file-${files.size + 1}`;
    files.set(path, id);
    const media =
      kind === 'video'
        ? el('video', {}, [
            el('samplecharacteristics', {}, [
              rateEl(r),
              el('width', {}, t.frame.width),
              el('height', {}, t.frame.height),
            ]),
          ])
        : el('audio', {}, [
            el('samplecharacteristics', {}, [el('depth', {}, 16), el('samplerate', {}, 48000)]),
            el('channelcount', {}, 1),
          ]);
    return el('file', { id }, [
      el('name', {}, baseName(path)),
      el('pathurl', {}, url(path)),
      rateEl(r),
      el('duration', {}, frames),
      el('media', {}, [media]),
    ]);
  };
  const clipitem = (
    name: string,
    frames: number,
    start: number,
    end: number,
    inPoint: number,
    file: XmlNode,
    extra: XmlNode[] = [],
  ): XmlNode =>
    el('clipitem', { id: `clipitem-${++clipN}` }, [
      el('name', {}, name),
      el('enabled', {}, 'TRUE'),
      el('duration', {}, frames),
      rateEl(r),
      el('start', {}, start),
      el('end', {}, end),
      el('in', {}, inPoint),
      el('out', {}, inPoint + (end - start)),
      file,
      ...extra,
    ]);

  const videoTracks = lanes.map((lane, i) => {
    const items: XmlNode[] = [];
    for (const c of lane) {
      const window = c.layer.window.end - c.layer.window.start;
      const frames = c.file.frames ?? window;
      const into = i === 0 ? transitions.find((tr) => tr.after === c) : undefined;
      const out = i === 0 ? transitions.find((tr) => tr.before === c) : undefined;
      if (into) {
        const { start, duration } = into.transition;
        items.push(
          el('transitionitem', {}, [
            el('start', {}, start),
            el('end', {}, start + duration),
            el('alignment', {}, 'start'),
            rateEl(r),
            dissolve(),
          ]),
        );
      }
      const item = clipitem(c.name, frames, c.start, c.end, c.sourceIn, fileEl(c.file.path, frames, 'video'));
      // FCP7 XML marks a clip's edge that a transition covers with -1 (the transition item holds the time).
      const body = item.clipitem as XmlNode[];
      if (into) body[4] = el('start', {}, -1);
      if (out) body[5] = el('end', {}, -1);
      items.push(item);
    }
    return el('track', {}, [...items, el('enabled', {}, 'TRUE'), el('locked', {}, 'FALSE')]);
  });
  const audioTracks = audioLanes(x).map((track) =>
    el('track', {}, [
      ...track.clips.map((c) => {
        const offset = Math.round((c.offset * r.num) / r.den);
        const frames = offset + c.end - c.start;
        return clipitem(baseName(c.path), frames, c.start, c.end, offset, fileEl(c.path, frames, 'audio'), [
          el('sourcetrack', {}, [el('mediatype', {}, 'audio'), el('trackindex', {}, 1)]),
        ]);
      }),
      el('enabled', {}, 'TRUE'),
      el('locked', {}, 'FALSE'),
    ]),
  );
  const drop = r.den === 1001;
  const sequence = el('sequence', { id: 'sequence-1' }, [
    el('name', {}, x.name),
    el('duration', {}, t.duration),
    rateEl(r),
    el('timecode', {}, [
      rateEl(r),
      el('string', {}, timecode(0, r)),
      el('frame', {}, 0),
      el('displayformat', {}, drop ? 'DF' : 'NDF'),
    ]),
    el('media', {}, [
      el('video', {}, [
        el('format', {}, [
          el('samplecharacteristics', {}, [
            rateEl(r),
            el('width', {}, t.frame.width),
            el('height', {}, t.frame.height),
            el('anamorphic', {}, 'FALSE'),
            el('pixelaspectratio', {}, 'square'),
            el('fielddominance', {}, 'none'),
          ]),
        ]),
        ...videoTracks,
      ]),
      el('audio', {}, [
        el('numOutputChannels', {}, 2),
        el('format', {}, [
          el('samplecharacteristics', {}, [el('depth', {}, 16), el('samplerate', {}, 48000)]),
        ]),
        ...audioTracks,
      ]),
    ]),
  ]);
  return xmlDocument(el('xmeml', { version: 4 }, [sequence]), 'xmeml');
}

import type { TimelineExport } from './interchange.types';
import { timecode } from './timecode';

/** SMPTE wipe code 001: a horizontal wipe, the one every CMX3600 reader knows. */
const WIPE = 'W001';

function line(
  event: number,
  edit: string,
  srcIn: number,
  srcOut: number,
  recIn: number,
  recOut: number,
  tc: (f: number) => string,
): string {
  const e = String(event).padStart(3, '0');
  return `${e}  AX       V     ${edit.padEnd(8)} ${tc(srcIn)} ${tc(srcOut)} ${tc(recIn)} ${tc(recOut)}`;
}

/**
 * The picture track as a CMX3600 edit decision list: one event per scene, cut from the flattened
 * clip as delivered (reel `AX`, `* FROM CLIP NAME:` the MP4), so an online suite can conform the
 * scene cuts and re-time them. A scene that comes in with a transition is the CMX pair: a zero-length
 * cut on the outgoing source at the cut, then `D` (dissolve; a slide too, which CMX3600 cannot name)
 * or `W001` (wipe) with its length in frames, starting at the cut as in the timeline model. Source
 * and record timecodes both start at 00:00:00:00; at 29.97 and 59.94 they are drop-frame
 * (`FCM: DROP FRAME`, `;` before the frames), otherwise non-drop.
 */
export function writeEdl(x: TimelineExport): string {
  const t = x.timeline;
  const drop = t.rate.den === 1001;
  const tc = (f: number): string => timecode(f, t.rate);
  const title = x.name.replace(/[^\x20-\x7e]/g, '_').slice(0, 70);
  const out = [`TITLE: ${title}`, `FCM: ${drop ? 'DROP FRAME' : 'NON-DROP FRAME'}`, ''];
  let event = 0;
  for (const scene of t.scenes) {
    event++;
    const into = t.transitions.find((tr) => tr.to === scene.index && tr.kind !== 'cut' && tr.duration > 0);
    if (into) {
      const d = String(into.duration).padStart(3, '0');
      const edit = into.kind === 'wipe' ? `${WIPE} ${d}` : `D    ${d}`;
      out.push(line(event, 'C', scene.start, scene.start, scene.start, scene.start, tc));
      out.push(line(event, edit, scene.start, scene.end, scene.start, scene.end, tc));
      out.push(
        `* EFFECT NAME: ${into.kind.toUpperCase()}${into.direction ? ` ${into.direction.toUpperCase()}` : ''}`,
      );
    } else {
      out.push(line(event, 'C', scene.start, scene.end, scene.start, scene.end, tc));
    }
    out.push(`* FROM CLIP NAME: ${x.program}`);
    out.push(`* COMMENT: SCENE ${scene.id.replace(/[^\x20-\x7e]/g, '_')}`);
    out.push('');
  }
  return out.join('\n');
}

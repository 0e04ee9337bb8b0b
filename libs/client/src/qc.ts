/**
 * Quality checks shown beside a finished clip, as pass/fail, with the bars of the project's quality
 * standard: loudness within ±1 LU of the target (EBU R128), true peak at most -1 dBTP (EBU R128
 * s1 / ITU-R BS.1770-4), and captions of at most 2 lines of 42 characters (16 for CJK) at most
 * 17 characters a second (the BBC Subtitle Guidelines' and Netflix's reading-speed ceilings).
 */
export interface QcCheck {
  /** Stable id: `loudness:16:9`, `truePeak:16:9`, `captions:lines`... */
  id: string;
  label: string;
  /** What was measured, with its unit (`-23.2 LUFS`). */
  value: string;
  /** The bar it is held to (`-23 ±1 LUFS`). */
  limit: string;
  pass: boolean;
}

export const LOUDNESS_TOLERANCE_LU = 1;
export const MAX_TRUE_PEAK_DBTP = -1;
export const MAX_CAPTION_LINES = 2;
export const MAX_LINE_CHARS = 42;
export const MAX_LINE_CHARS_CJK = 16;
export const MAX_CHARS_PER_SECOND = 17;

interface OutputFigures {
  aspect?: unknown;
  loudness?: { integrated?: unknown; truePeak?: unknown; target?: unknown };
}

/** Loudness and true-peak checks per output, read from a job's `result` (result.json). */
export function loudnessChecks(result: unknown): QcCheck[] {
  const outputs = (result as { outputs?: OutputFigures[] } | null)?.outputs;
  if (!Array.isArray(outputs)) return [];
  const checks: QcCheck[] = [];
  for (const o of outputs) {
    const l = o.loudness;
    if (!l || typeof l.integrated !== 'number' || typeof l.truePeak !== 'number') continue;
    const aspect = String(o.aspect ?? '');
    const target = typeof l.target === 'number' ? l.target : -23;
    checks.push({
      id: `loudness:${aspect}`,
      label: `Loudness ${aspect}`,
      value: `${l.integrated.toFixed(1)} LUFS`,
      limit: `${target} ±${LOUDNESS_TOLERANCE_LU} LUFS`,
      pass: Math.abs(l.integrated - target) <= LOUDNESS_TOLERANCE_LU,
    });
    checks.push({
      id: `truePeak:${aspect}`,
      label: `True peak ${aspect}`,
      value: `${l.truePeak.toFixed(1)} dBTP`,
      limit: `≤ ${MAX_TRUE_PEAK_DBTP} dBTP`,
      pass: l.truePeak <= MAX_TRUE_PEAK_DBTP,
    });
  }
  return checks;
}

/** A caption cue as a browser's TextTrack gives it (VTTCue): seconds and the cue text. */
export interface CueLike {
  startTime: number;
  endTime: number;
  text: string;
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;

/** Characters as a reader counts them (code points, markup removed). */
function visible(line: string): number {
  return [...line.replace(/<[^>]*>/g, '')].length;
}

/** Line-count, line-length and reading-speed checks over the cues of a caption track. */
export function captionChecks(cues: CueLike[]): QcCheck[] {
  let maxLines = 0;
  let worstLine = { chars: 0, limit: MAX_LINE_CHARS };
  let linesOk = true;
  let maxCps = 0;
  for (const cue of cues) {
    const lines = cue.text.split('\n');
    maxLines = Math.max(maxLines, lines.length);
    for (const line of lines) {
      const limit = CJK.test(line) ? MAX_LINE_CHARS_CJK : MAX_LINE_CHARS;
      const chars = visible(line);
      if (chars > limit) linesOk = false;
      if (chars / limit > worstLine.chars / worstLine.limit) worstLine = { chars, limit };
    }
    const seconds = cue.endTime - cue.startTime;
    const chars = lines.reduce((n, l) => n + visible(l), 0);
    if (seconds > 0) maxCps = Math.max(maxCps, chars / seconds);
  }
  if (cues.length === 0) return [];
  return [
    {
      id: 'captions:lines',
      label: 'Caption lines per cue',
      value: String(maxLines),
      limit: `≤ ${MAX_CAPTION_LINES}`,
      pass: maxLines <= MAX_CAPTION_LINES,
    },
    {
      id: 'captions:length',
      label: 'Longest caption line',
      value: `${worstLine.chars} characters`,
      limit: `≤ ${MAX_LINE_CHARS} (${MAX_LINE_CHARS_CJK} CJK)`,
      pass: linesOk,
    },
    {
      id: 'captions:speed',
      label: 'Caption reading speed',
      value: `${maxCps.toFixed(1)} characters/s`,
      limit: `≤ ${MAX_CHARS_PER_SECOND}`,
      pass: maxCps <= MAX_CHARS_PER_SECOND,
    },
  ];
}

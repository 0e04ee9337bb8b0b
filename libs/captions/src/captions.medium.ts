import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssStyle, Cue, toAss, toSrt, toVtt } from './index';

// The files as their real readers see them: FFmpeg's SubRip and WebVTT decoders, and libass
// through the `subtitles` filter that burns captions into the picture in production.
const WIDTH = 320;
const HEIGHT = 180;
const BACKGROUND = 128;

function ffmpeg(args: string[]): Buffer {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-v', 'error', ...args], { maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr.toString()}`);
  return run.stdout;
}

/** The Text field of every Dialogue line FFmpeg writes when it converts a subtitle file to ASS. */
function dialogueTexts(file: string): string[] {
  return ffmpeg(['-i', file, '-f', 'ass', '-'])
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('Dialogue:'))
    .map((line) => line.split(',').slice(9).join(',').trim());
}

/** One grey frame with the script burned in at `second`, as 8-bit luma rows. */
function burn(assFile: string, second: number): Buffer {
  const source = `color=c=0x808080:s=${WIDTH}x${HEIGHT}:d=${second + 1}`;
  return ffmpeg([
    ...['-f', 'lavfi', '-i', source, '-vf', `subtitles=${path.basename(assFile)}`],
    ...['-ss', String(second), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
  ]);
}

function changedRows(frame: Buffer): number[] {
  const rows: number[] = [];
  for (let y = 0; y < HEIGHT; y++) {
    const row = frame.subarray(y * WIDTH, (y + 1) * WIDTH);
    if (row.some((v) => Math.abs(v - BACKGROUND) > 8)) rows.push(y);
  }
  return rows;
}

const STYLE: AssStyle = {
  playResX: WIDTH,
  playResY: HEIGHT,
  fontName: 'DejaVu Sans',
  fontSize: 16,
  bold: false,
  primaryColour: '#FFFFFF',
  boxColour: '#000000',
  boxOpacity: 1,
  marginL: 10,
  marginR: 10,
  marginV: 10,
};

describe('caption files read back by FFmpeg and libass', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-captions-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('keeps text and times through the SubRip and WebVTT decoders', async () => {
    const cues: Cue[] = [
      { start: 0.5, end: 1.9995, lines: ['R&D <spending> rose', 'by 3% --> a record.'] },
      { start: 3725.25, end: 3727, lines: ['After an hour.'] },
    ];
    await fs.writeFile(path.join(dir, 'a.srt'), toSrt(cues));
    await fs.writeFile(path.join(dir, 'a.vtt'), toVtt(cues));
    const expected = ['R&D <spending> rose\\Nby 3% --> a record.', 'After an hour.'];
    expect(dialogueTexts(path.join(dir, 'a.vtt'))).toEqual(expected);
    const srt = ffmpeg(['-i', path.join(dir, 'a.srt'), '-f', 'ass', '-']).toString('utf8');
    expect(srt).toContain('Dialogue: 0,0:00:00.50,0:00:02.00,');
    expect(srt).toContain('Dialogue: 0,1:02:05.25,1:02:07.00,');
  });

  it('burns text that tries to move itself to the top as plain text at the bottom', async () => {
    const cues: Cue[] = [
      { start: 0, end: 2, lines: ['Plain caption'] },
      { start: 2, end: 4, lines: ['{\\an8}{\\pos(10,10)}Moved?', 'C:\\News\\N'] },
    ];
    await fs.writeFile(path.join(dir, 'a.ass'), toAss(cues, STYLE));
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const plain = changedRows(burn('a.ass', 1));
      const attacked = changedRows(burn('a.ass', 3));
      // Both captions sit in the bottom third, above the 10-pixel margin; the second has two lines.
      expect(plain.length).toBeGreaterThan(8);
      for (const rows of [plain, attacked]) {
        expect(Math.min(...rows)).toBeGreaterThan(HEIGHT / 2);
        expect(Math.max(...rows)).toBeLessThan(HEIGHT - 5);
      }
      expect(attacked.length).toBeGreaterThan(plain.length * 1.5);
    } finally {
      process.chdir(previous);
    }
  });
});

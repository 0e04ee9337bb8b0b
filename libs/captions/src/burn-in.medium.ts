import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WordTiming } from '@app/core';
import { buildCues, checkCues, Cue, movTextMuxArgs, resolveCaptionStyle, toAss, toSrt, toVtt } from './index';

// Captions as viewers see them: burned in by libass through FFmpeg's `subtitles` filter, frames read
// back as RGB. Also SubRip and WebVTT read by FFmpeg's own decoders, and mov_text tracks by ffprobe.
function ffmpeg(args: string[], cwd: string): Buffer {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-v', 'error', ...args], {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr.toString()}`);
  return run.stdout;
}

interface Frame {
  width: number;
  height: number;
  rgb: Buffer;
}

/** One frame of a grey picture with `file` burned in at `second`; also saved as PNG to look at. */
function burn(dir: string, file: string, width: number, height: number, second: number, png?: string): Frame {
  const source = `color=c=0x808080:s=${width}x${height}:d=${second + 1}`;
  const filter = `subtitles=${file}`;
  const rgb = ffmpeg(
    [
      '-f',
      'lavfi',
      '-i',
      source,
      '-vf',
      filter,
      '-ss',
      String(second),
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    dir,
  );
  if (png !== undefined) {
    ffmpeg(
      ['-y', '-f', 'lavfi', '-i', source, '-vf', filter, '-ss', String(second), '-frames:v', '1', png],
      dir,
    );
  }
  return { width, height, rgb };
}

/** Bounding box of the pixels that differ from the grey background. */
function inked(frame: Frame): { left: number; right: number; top: number; bottom: number; count: number } {
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  let count = 0;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const i = (y * frame.width + x) * 3;
      if (
        Math.abs(frame.rgb[i] - 128) + Math.abs(frame.rgb[i + 1] - 128) + Math.abs(frame.rgb[i + 2] - 128) >
        30
      ) {
        count++;
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return { left, right, top, bottom, count };
}

/** Pixels in the karaoke highlight colour (#FFD21F, yellow). */
function yellow(frame: Frame): number {
  let n = 0;
  for (let i = 0; i < frame.rgb.length; i += 3) {
    if (frame.rgb[i] > 200 && frame.rgb[i + 1] > 170 && frame.rgb[i + 2] < 90) n++;
  }
  return n;
}

function even(script: string, from: number, seconds: number): WordTiming[] {
  const tokens = script.split(' ');
  const d = seconds / tokens.length;
  return tokens.map((text, i) => ({ text, start: from + i * d, end: from + (i + 0.9) * d }));
}

describe('burned-in captions', () => {
  jest.setTimeout(120_000);
  let dir: string;
  beforeAll(async () => {
    dir = process.env.CAPTIONS_PREVIEW_DIR ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'cw-burn-')));
    await fs.mkdir(dir, { recursive: true });
  });
  afterAll(async () => {
    if (process.env.CAPTIONS_PREVIEW_DIR === undefined) await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps a Chinese run inside an English caption within the margins of a 9:16 frame', async () => {
    const frame = { width: 1080, height: 1920 };
    const { ass, cueOptions } = resolveCaptionStyle('broadcast', frame);
    const words = even(
      'A strong earthquake struck 台湾花莲县海域发生强烈地震当地居民感到明显摇晃多栋建筑受损 on Friday.',
      0,
      6,
    );
    const cues = buildCues(words, cueOptions);
    expect(checkCues(cues, cueOptions).filter((p) => /line/.test(p))).toEqual([]);
    await fs.writeFile(path.join(dir, 'cjk.ass'), toAss(cues, ass));
    for (const cue of cues) {
      const box = inked(
        burn(
          dir,
          'cjk.ass',
          frame.width,
          frame.height,
          (cue.start + cue.end) / 2,
          `cjk-${cue.start.toFixed(2)}.png`,
        ),
      );
      expect(box.count).toBeGreaterThan(500);
      expect(box.left).toBeGreaterThanOrEqual(ass.marginL - ass.fontSize);
      expect(box.right).toBeLessThanOrEqual(frame.width - ass.marginR + ass.fontSize);
    }
  });

  it('social style lights the spoken word and stays out of the bottom UI band of vertical video', async () => {
    const frame = { width: 540, height: 960 };
    const { ass, cueOptions } = resolveCaptionStyle('social', frame);
    const cues = buildCues(even('Rescue crews reached the village', 0.5, 2.5), cueOptions);
    await fs.writeFile(path.join(dir, 'social.ass'), toAss(cues, ass));
    const early = burn(dir, 'social.ass', frame.width, frame.height, 0.6, 'social-early.png');
    const late = burn(dir, 'social.ass', frame.width, frame.height, 2.8, 'social-late.png');
    expect(yellow(early)).toBeGreaterThan(0);
    expect(yellow(late)).toBeGreaterThan(yellow(early) * 2);
    const box = inked(late);
    expect(box.bottom).toBeLessThan(frame.height * 0.75);
    expect(box.right).toBeLessThan(frame.width * 0.86 + 4);
  });

  it('draws Arabic right to left, and Latin text with markup as plain text at the bottom', async () => {
    const frame = { width: 640, height: 360 };
    const { ass } = resolveCaptionStyle('broadcast', frame);
    const cues: Cue[] = [
      { start: 0, end: 2, lines: ['زلزال بقوة 5.8 درجات'] },
      { start: 2, end: 4, lines: ['{\\an8}{\\pos(10,10)}Top?', '<i>x</i> \\N'] },
    ];
    await fs.writeFile(path.join(dir, 'rtl.ass'), toAss(cues, ass));
    const arabic = inked(burn(dir, 'rtl.ass', frame.width, frame.height, 1, 'rtl.png'));
    expect(arabic.count).toBeGreaterThan(200);
    const attacked = inked(burn(dir, 'rtl.ass', frame.width, frame.height, 3, 'attacked.png'));
    expect(attacked.top).toBeGreaterThan(frame.height / 2);
  });

  it("SubRip with every format's markup stays inert through FFmpeg and libass", async () => {
    const frame = { width: 640, height: 360 };
    const cues: Cue[] = [
      { start: 0, end: 2, lines: ['Plain caption'] },
      {
        start: 2,
        end: 4,
        lines: ['{\\an8}{\\pos(10,10)}<font size="90">Moved?</font>', 'C:\\News\\N 00:00:09,000 --> x'],
      },
    ];
    await fs.writeFile(path.join(dir, 'a.srt'), toSrt(cues));
    await fs.writeFile(path.join(dir, 'a.vtt'), toVtt(cues));
    for (const file of ['a.srt', 'a.vtt']) {
      const ass = ffmpeg(['-i', file, '-f', 'ass', '-'], dir).toString('utf8');
      const dialogues = ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
      expect(dialogues).toHaveLength(2);
      const text = dialogues[1].split(',').slice(9).join(',');
      // No override block, no ASS escape but the line break FFmpeg writes between our two lines.
      expect(text.replace(/\\{|\\}/g, '')).not.toMatch(/[{}]/);
      expect(text.replace('\\N', '')).not.toMatch(/\\[A-Za-z]/);
    }
    const plain = inked(burn(dir, 'a.srt', frame.width, frame.height, 1));
    const attacked = inked(burn(dir, 'a.srt', frame.width, frame.height, 3, 'srt-attacked.png'));
    expect(attacked.top).toBeGreaterThan(frame.height / 2);
    // Same font size as the plain caption: two lines at most twice as tall, not a 90-pixel font.
    expect(attacked.bottom - attacked.top).toBeLessThan((plain.bottom - plain.top + 1) * 3);
  });

  it('muxes captions as mov_text tracks with their languages', async () => {
    ffmpeg(
      [
        '-y',
        '-f',
        'lavfi',
        '-i',
        'color=c=black:s=160x90:d=3',
        '-f',
        'lavfi',
        '-i',
        'sine=d=3',
        '-c:v',
        'libx264',
        '-c:a',
        'aac',
        '-shortest',
        'clip.mp4',
      ],
      dir,
    );
    await fs.writeFile(
      path.join(dir, 'en.srt'),
      toSrt([{ start: 0.5, end: 2, lines: ['Hello <b>&</b> {\\an8}'] }]),
    );
    await fs.writeFile(path.join(dir, 'zh.srt'), toSrt([{ start: 0.5, end: 2, lines: ['你好'] }]));
    ffmpeg(
      movTextMuxArgs({
        video: 'clip.mp4',
        tracks: [
          { file: 'en.srt', language: 'en', title: 'English' },
          { file: 'zh.srt', language: 'zh-Hans', title: '中文' },
        ],
        output: 'subs.mp4',
      }),
      dir,
    );
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', 'subs.mp4'], {
      cwd: dir,
    });
    const streams = (
      JSON.parse(probe.stdout.toString()) as {
        streams: { codec_name: string; tags?: Record<string, string> }[];
      }
    ).streams;
    expect(streams.map((s) => s.codec_name)).toEqual(['h264', 'aac', 'mov_text', 'mov_text']);
    expect(streams.slice(2).map((s) => s.tags?.language)).toEqual(['eng', 'zho']);
  });
});

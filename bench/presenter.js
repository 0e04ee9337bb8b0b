#!/usr/bin/env node
// Benchmark: the presenter layer for 60 s of speech (1800 frames at 30 fps), at 1920x1080 and
// 1080x1920, first generating every frame, then piping them through ffmpeg as the compose stage
// does (-f rawvideo -pix_fmt rgba ... -f null -). Target: <= 0.5x real time (60 s in <= 30 s).
// Run after `npm run build`: node bench/presenter.js [presenter-id ...]
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { PresenterLibrary, animatePresenter } = dist('libs/presenter/src');
const { EspeakSpeechProvider } = dist('libs/speech/src');

const SECONDS = Number(process.env.BENCH_SECONDS || 60);
const FPS = 30;
const SIZES = [
  [1920, 1080],
  [1080, 1920],
];
const PARAGRAPH =
  'A magnitude 5.8 earthquake struck off the east coast of Taiwan on Tuesday morning, the weather agency said. ' +
  'Buildings swayed in the capital, Taipei, and trains were briefly halted while engineers checked the tracks. ' +
  'No damage or injuries were reported in the first hours, officials said. ';

async function speech(work) {
  // Real visemes and clauses from espeak-ng, long enough to cover the benchmark.
  let text = PARAGRAPH;
  for (;;) {
    const r = await new EspeakSpeechProvider().synthesize({ text, voice: 'en-us', rate: 160, workDir: work });
    if (r.duration >= SECONDS) return r;
    text += PARAGRAPH;
  }
}

function seconds(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function generate(clip) {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for await (const frame of clip.frames()) if (frame.length) n++;
  return { s: seconds(t0), n };
}

async function pipe(clip) {
  const ffmpeg = process.env.FFMPEG_PATH || 'ffmpeg';
  const args = ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${clip.width}x${clip.height}`];
  args.push('-framerate', String(clip.fps), '-i', 'pipe:0', '-f', 'null', '-');
  const t0 = process.hrtime.bigint();
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
  for await (const frame of clip.frames()) {
    if (!child.stdin.write(frame)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  await done;
  return seconds(t0);
}

async function main() {
  const ids = process.argv.slice(2);
  const library = new PresenterLibrary(path.join(root, 'models/presenters'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-presenter-'));
  try {
    const r = await speech(work);
    const visemes = r.visemes
      .filter((v) => v.start < SECONDS)
      .map((v) => ({ ...v, end: Math.min(v.end, SECONDS) }));
    const clauses = r.clauses.filter((c) => c.start < SECONDS);
    console.log(
      `speech: ${r.duration.toFixed(1)} s, ${visemes.length} visemes in the first ${SECONDS} s; cores: ${os.cpus().length}`,
    );
    for (const id of ids.length ? ids : await library.list()) {
      const p = await library.load(id);
      for (const [width, height] of SIZES) {
        const input = { visemes, clauses, duration: SECONDS, fps: FPS, width, height, seed: 1 };
        const gen = await generate(animatePresenter(p, input));
        const piped = await pipe(animatePresenter(p, input));
        console.log(
          `${id} ${width}x${height}: ${gen.n} frames generated in ${gen.s.toFixed(2)} s ` +
            `(${(gen.s / SECONDS).toFixed(3)}x real time); through ffmpeg rawvideo -> null ${piped.toFixed(2)} s ` +
            `(${(piped / SECONDS).toFixed(3)}x real time)`,
        );
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

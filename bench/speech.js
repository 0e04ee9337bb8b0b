#!/usr/bin/env node
// Benchmark: the voice providers available here and the voice-over aligner.
//  - real-time factor of synthesis (seconds of wall-clock compute per second of speech) for espeak-ng
//    and for the Piper path, run on the generated tiny stand-in model models/voices/tiny-tones (a tone
//    per phoneme id, NOT a voice: its ONNX cost is far below a real Piper voice's, so its figure is the
//    cost of our phonemizing, id mapping and timing code around the model, not a voice's);
//  - the aligner's word-onset error (median, 95th percentile) on readings whose true word times are
//    known: other espeak-ng voices time-stretched by 0.8-1.25 with ffmpeg atempo and pauses inserted
//    (the cases of libs/speech/src/align/word.aligner.medium.ts), and its own real-time factor.
// Timings are noisy on a shared machine: compare ratios measured in one run.
// Run after `npm run build`: node bench/speech.js   (BENCH_REPEAT=n repeats each synthesis, default 3)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { EspeakSpeechProvider, PiperSpeechProvider, alignToReference, parseWav } = dist('libs/speech/src');
const { ALIGN_CASES, ALIGN_TEXT, quantile, stretchReading } = dist(
  'libs/speech/src/align/stretched-reading.fixture',
);
const { buildTinyPiperConfig, buildTinyPiperModel } = dist(
  'libs/speech/src/providers/piper/tiny-piper.model',
);
const { FfmpegExecutor } = dist('libs/media/src');

const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT || 3));
const ESPEAK = process.env.ESPEAK_PATH || 'espeak-ng';

function seconds(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Median wall-clock seconds of `REPEAT` syntheses, and the audio length of the last. */
async function timeSynthesis(provider, voice, work) {
  const walls = [];
  let duration = 0;
  for (let i = 0; i < REPEAT; i++) {
    const dir = fs.mkdtempSync(path.join(work, 'run-'));
    const t0 = process.hrtime.bigint();
    const result = await provider.synthesize({ text: ALIGN_TEXT, voice, rate: 160, workDir: dir });
    walls.push(seconds(t0));
    duration = result.duration;
  }
  return { wall: quantile(walls, 0.5), duration };
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-speech-'));
  try {
    console.log(
      `text: ${ALIGN_TEXT.split(/\s+/).length} words; cores: ${os.cpus().length}; median of ${REPEAT} runs each`,
    );
    const voices = path.join(work, 'voices');
    fs.mkdirSync(voices);
    for (const [name, options] of [
      ['tiny-tones', { durations: true }],
      ['tiny-tones-unaligned', {}],
    ]) {
      fs.writeFileSync(path.join(voices, `${name}.onnx`), buildTinyPiperModel(options));
      fs.writeFileSync(path.join(voices, `${name}.onnx.json`), JSON.stringify(buildTinyPiperConfig(options)));
    }
    const piper = new PiperSpeechProvider({ voicesDir: voices, espeakBinary: ESPEAK });
    const rows = [
      ['espeak-ng en-us', new EspeakSpeechProvider({ binary: ESPEAK }), 'en-us'],
      ['piper tiny stand-in, durations from the model', piper, 'tiny-tones'],
      ['piper tiny stand-in, word times by the aligner', piper, 'tiny-tones-unaligned'],
    ];
    for (const [label, provider, voice] of rows) {
      const { wall, duration } = await timeSynthesis(provider, voice, work);
      console.log(
        `synthesis  ${label}: ${wall.toFixed(2)} s for ${duration.toFixed(2)} s of speech = RTF ${(wall / duration).toFixed(3)}`,
      );
    }
    await piper.close();

    const ffmpeg = new FfmpegExecutor();
    const refDir = fs.mkdtempSync(path.join(work, 'ref-'));
    const ref = await new EspeakSpeechProvider({ binary: ESPEAK }).synthesize({
      text: ALIGN_TEXT,
      voice: 'en-us',
      rate: 160,
      workDir: refDir,
    });
    const reference = { audio: parseWav(fs.readFileSync(ref.audioPath)), words: ref.words };
    const all = [];
    let alignWall = 0;
    let alignAudio = 0;
    for (const c of ALIGN_CASES) {
      const dir = fs.mkdtempSync(path.join(work, 'case-'));
      const read = await new EspeakSpeechProvider({ binary: ESPEAK }).synthesize({
        text: ALIGN_TEXT,
        voice: c.voice,
        rate: c.rate,
        workDir: dir,
      });
      const test = await stretchReading(
        { audio: parseWav(fs.readFileSync(read.audioPath)), words: read.words },
        c.pieces,
        ffmpeg,
        dir,
      );
      const t0 = process.hrtime.bigint();
      const aligned = alignToReference(reference, test.audio);
      alignWall += seconds(t0);
      alignAudio += test.audio.samples.length / test.audio.sampleRate;
      const errors = aligned.words.map((w, i) => Math.abs(w.start - test.words[i].start));
      all.push(...errors);
      const ms = (q) => `${Math.round(quantile(errors, q) * 1000)} ms`;
      console.log(
        `aligner    ${c.voice} ${c.rate} wpm (warp ${aligned.warp}): onset error median ${ms(0.5)}, p95 ${ms(0.95)}, max ${ms(1)}`,
      );
    }
    const ms = (q) => `${Math.round(quantile(all, q) * 1000)} ms`;
    console.log(
      `aligner    all ${all.length} words: onset error median ${ms(0.5)}, p95 ${ms(0.95)} (bounds: 80 ms, 200 ms)`,
    );
    console.log(
      `aligner    ${alignWall.toFixed(2)} s for ${alignAudio.toFixed(1)} s of recording = RTF ${(alignWall / alignAudio).toFixed(3)}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

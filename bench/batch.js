#!/usr/bin/env node
// Benchmark: product-showcase over a 20-item Merchant Center feed (made from the template's sample:
// ids, titles, prices and sale windows varied, half of them on sale at the job's time), rendered as
// the CLI renders a feed (RenderEngine.renderEach: one folder per item, a bad item fails alone).
// Prints clips per hour (wall and per CPU), then the render / bare-encode ratio of one product clip
// (16:9, music, pictures in motion, captions) against buildBareEncodeArgs, the same reference as
// bench/render.js. Needs `npm run build`. Run: npm run bench:batch
//   BENCH_ITEMS=20        items in the feed
//   BENCH_ASPECTS=16:9    comma-separated aspects per clip (default: all four the template declares)
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { createRenderEngine, engineSpeech, folderImageSource } = dist('libs/engine/src');
const { speechConfigFromEnv } = dist('libs/speech/src');
const { FfmpegExecutor, buildBareEncodeArgs, defaultEncodeSettings } = dist('libs/media/src');

/** CPU seconds of this process and its ended children (Linux /proc/self/stat, clock ticks of 1/100 s). */
function cpuSeconds() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return (utime + stime + cutime + cstime) / 100;
}

const NOW = new Date('2026-11-30T12:00:00Z');
const NAMES = ['Aurora 2', 'Aurora 2 Lite', 'Borealis Pro', 'Cirrus Buds', 'Drift Studio'];
const COLOURS = ['Graphite', 'Sand', 'Ocean', 'Forest'];

/** n records in Merchant Center's attribute names, varied deterministically from the sample. */
function feed(sample, n) {
  return Array.from({ length: n }, (_, i) => {
    const base = 99 + ((i * 37) % 200);
    const onSale = i % 2 === 0;
    const record = {
      ...sample,
      id: `${sample.id}-${String(i + 1).padStart(2, '0')}`,
      title: `${NAMES[i % NAMES.length]} Headphones, ${COLOURS[i % COLOURS.length]}`,
      price: `${base}.00 USD`,
      additional_image_link: sample.additional_image_link.slice(0, 1 + (i % 2)),
    };
    if (onSale) {
      record.sale_price = `${Math.round(base * 0.8)}.00 USD`;
      record.sale_price_effective_date = '2026-11-27T00:00-0500/2026-12-01T23:59-0500';
    } else {
      delete record.sale_price;
      delete record.sale_price_effective_date;
    }
    return record;
  });
}

async function main() {
  const items = Number(process.env.BENCH_ITEMS || 20);
  const aspects = process.env.BENCH_ASPECTS ? process.env.BENCH_ASPECTS.split(',') : undefined;
  const templateDir = path.join(root, 'templates/product-showcase');
  const sample = JSON.parse(fs.readFileSync(path.join(templateDir, 'sample.json'), 'utf8'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-batch-'));
  const engine = createRenderEngine(
    { templatesDir: path.join(root, 'templates'), presentersDir: path.join(root, 'models/presenters') },
    engineSpeech(speechConfigFromEnv(process.env)),
  );
  const request = (data, outDir, extra = {}) => ({
    templateId: 'product-showcase',
    data,
    dataSource: 'bench feed',
    outDir,
    aspects,
    now: NOW,
    images: folderImageSource(templateDir, 'next to the data file'),
    ...extra,
  });

  let t = process.hrtime.bigint();
  let c = cpuSeconds();
  const outcomes = await engine.renderEach(request(feed(sample, items), path.join(work, 'feed')));
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = cpuSeconds() - c;
  const done = outcomes.filter((o) => o.status === 'done');
  const seconds = done.reduce((s, o) => s + o.result.outputs[0].duration, 0);
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0].model}; aspects: ${aspects ? aspects.join(',') : 'all four'}`,
  );
  console.log(
    `feed of ${items}: ${done.length} clips (${seconds.toFixed(1)} s of video each aspect) in ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU | ` +
      `${((done.length * 3600) / wall).toFixed(1)} clips/hour wall, ${((done.length * 3600) / cpu).toFixed(1)} clips/CPU-hour`,
  );
  for (const o of outcomes.filter((x) => x.status !== 'done'))
    console.log(`failed: ${o.id} ${o.error.code} ${o.error.message}`);

  // One product clip in 16:9 against a bare encode of the same size, length and settings.
  t = process.hrtime.bigint();
  c = cpuSeconds();
  const [{ result }] = await engine.render(request(sample, path.join(work, 'one'), { aspects: ['16:9'] }));
  const render = Number(process.hrtime.bigint() - t) / 1e9;
  const renderCpu = cpuSeconds() - c;
  const out = result.outputs[0];
  t = process.hrtime.bigint();
  c = cpuSeconds();
  const ffmpeg = new FfmpegExecutor();
  await ffmpeg.run(
    buildBareEncodeArgs(
      out.width,
      out.height,
      30,
      out.duration,
      defaultEncodeSettings,
      path.join(work, 'bare.mp4'),
    ),
  );
  const bare = Number(process.hrtime.bigint() - t) / 1e9;
  const bareCpu = cpuSeconds() - c;
  fs.rmSync(work, { recursive: true, force: true });
  console.log(
    `one clip ${out.duration.toFixed(2)} s 16:9 | render ${render.toFixed(2)} s, ${renderCpu.toFixed(1)} s CPU | bare encode ${bare.toFixed(2)} s, ${bareCpu.toFixed(1)} s CPU | ` +
      `wall ratio ${(render / bare).toFixed(2)}x, CPU ratio ${(renderCpu / bareCpu).toFixed(2)}x (target <= 1.2x)`,
  );
  console.log(
    `stages: ${Object.entries(result.stages)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ')}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

#!/usr/bin/env node
// Benchmark: the news brief at 1080p (16:9) against a bare ffmpeg encode of ffmpeg's own test
// source with the same length, size and encoder settings, in the same run on the same machine.
// Prints seconds and their ratio (target: render <= 1.5x the bare encode). Run: npm run bench:render
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { createRenderEngine } = dist('libs/engine/src');
const { FfmpegExecutor, buildBareEncodeArgs, defaultEncodeSettings } = dist('libs/media/src');
const { readDataFile } = dist('libs/templates/src');

async function main() {
  const runs = Number(process.env.BENCH_RUNS || 2);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-'));
  const ffmpeg = new FfmpegExecutor();
  const engine = createRenderEngine({
    templatesDir: path.join(root, 'templates'),
    presentersDir: path.join(root, 'models/presenters'),
  });
  const data = await readDataFile(path.join(root, 'templates/news-brief/sample.geojson'));
  const rows = [];
  for (let i = 0; i < runs; i++) {
    let t = process.hrtime.bigint();
    const [{ result }] = await engine.render({
      templateId: 'news-brief',
      data,
      dataSource: 'sample',
      select: '0',
      outDir: path.join(work, `r${i}`),
      aspects: ['16:9'],
    });
    const render = Number(process.hrtime.bigint() - t) / 1e9;
    const out = result.outputs[0];
    t = process.hrtime.bigint();
    await ffmpeg.run(
      buildBareEncodeArgs(
        out.width,
        out.height,
        30,
        out.duration,
        defaultEncodeSettings,
        path.join(work, `bare${i}.mp4`),
      ),
    );
    const bare = Number(process.hrtime.bigint() - t) / 1e9;
    rows.push({
      clip: out.duration,
      render,
      // The finish stage is the encode (and the measurement of the file) of this one output.
      finish: result.stages.finish,
      bare,
      stages: result.stages,
    });
  }
  fs.rmSync(work, { recursive: true, force: true });
  const best = (k) => Math.min(...rows.map((r) => r[k]));
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0].model}; encoder: libx264 ${defaultEncodeSettings.preset} crf ${defaultEncodeSettings.crf}`,
  );
  for (const r of rows) {
    console.log(
      `clip ${r.clip.toFixed(2)} s | render ${r.render.toFixed(2)} s (finish stage ${r.finish.toFixed(2)} s) | bare encode ${r.bare.toFixed(2)} s | ratio ${(r.render / r.bare).toFixed(2)}x | ${(r.clip / r.render).toFixed(2)}x real time`,
    );
  }
  console.log(
    `stages (last run): ${Object.entries(rows[rows.length - 1].stages)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ')}`,
  );
  console.log(
    `best: render ${best('render').toFixed(2)} s, bare ${best('bare').toFixed(2)} s, ratio ${(best('render') / best('bare')).toFixed(2)}x (target <= 1.5x)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

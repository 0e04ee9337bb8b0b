#!/usr/bin/env node
// Benchmark: the news brief at 1080p (16:9) against a bare ffmpeg encode of ffmpeg's own test
// source with the same length, size and encoder settings, in the same run on the same machine.
// Prints wall seconds and CPU seconds (this process and every program it ran: ffmpeg, espeak-ng),
// and their ratios (target: render <= 1.5x the bare encode). On a shared machine the wall ratio
// swings with what else runs; the CPU ratio is the steadier figure. Run: npm run bench:render
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { createRenderEngine, engineSpeech } = dist('libs/engine/src');
const { speechConfigFromEnv } = dist('libs/speech/src');
const { FfmpegExecutor, buildBareEncodeArgs, defaultEncodeSettings } = dist('libs/media/src');
const { readDataFile } = dist('libs/templates/src');

/**
 * CPU seconds used so far by this process and by its children that have ended (Linux
 * /proc/self/stat: utime, stime, cutime, cstime, in clock ticks of 1/100 s).
 */
function cpuSeconds() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return (utime + stime + cutime + cstime) / 100;
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS || 2);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-'));
  const ffmpeg = new FfmpegExecutor();
  const engine = createRenderEngine(
    {
      templatesDir: path.join(root, 'templates'),
      presentersDir: path.join(root, 'models/presenters'),
    },
    engineSpeech(speechConfigFromEnv(process.env)),
  );
  const data = await readDataFile(path.join(root, 'templates/news-brief/sample.geojson'));
  const rows = [];
  for (let i = 0; i < runs; i++) {
    let t = process.hrtime.bigint();
    let c = cpuSeconds();
    const [{ result }] = await engine.render({
      templateId: 'news-brief',
      data,
      dataSource: 'sample',
      select: '0',
      outDir: path.join(work, `r${i}`),
      aspects: ['16:9'],
    });
    const render = Number(process.hrtime.bigint() - t) / 1e9;
    const renderCpu = cpuSeconds() - c;
    const out = result.outputs[0];
    t = process.hrtime.bigint();
    c = cpuSeconds();
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
    const bareCpu = cpuSeconds() - c;
    rows.push({
      clip: out.duration,
      render,
      renderCpu,
      // The finish stage is the encode (and the measurement of the file) of this one output.
      encode: result.stages.finish ?? result.stages['compose 16:9'],
      bare,
      bareCpu,
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
      `clip ${r.clip.toFixed(2)} s | render ${r.render.toFixed(2)} s (encode stage ${r.encode.toFixed(2)} s), ${r.renderCpu.toFixed(1)} s CPU | ` +
        `bare encode ${r.bare.toFixed(2)} s, ${r.bareCpu.toFixed(1)} s CPU | wall ratio ${(r.render / r.bare).toFixed(2)}x, ` +
        `CPU ratio ${(r.renderCpu / r.bareCpu).toFixed(2)}x | ${(r.clip / r.render).toFixed(2)}x real time`,
    );
  }
  console.log(
    `stages (last run): ${Object.entries(rows[rows.length - 1].stages)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ')}`,
  );
  console.log(
    `best: render ${best('render').toFixed(2)} s, bare ${best('bare').toFixed(2)} s, wall ratio ${(best('render') / best('bare')).toFixed(2)}x; ` +
      `CPU ${best('renderCpu').toFixed(1)} s vs ${best('bareCpu').toFixed(1)} s, CPU ratio ${(best('renderCpu') / best('bareCpu')).toFixed(2)}x (target <= 1.5x)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

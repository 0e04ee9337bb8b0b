#!/usr/bin/env node
// Benchmark: what editable timelines cost (issue 14). The demo brief (news brief sample item 0,
// 16:9 and 9:16, as `npm run demo`) rendered twice in the same run: the flattened clips alone, then
// with `timeline: otio,fcpxml,xmeml,mlt,edl` (every layer's media written beside the timelines).
// Prints wall and CPU seconds of both (this process and the programs it ran), the export stage's
// own seconds, their ratios, and the size of the timeline folders against the clips'.
// Run: npm run bench:timeline (after npm run build).
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { createRenderEngine, engineSpeech } = dist('libs/engine/src');
const { speechConfigFromEnv } = dist('libs/speech/src');
const { readDataFile } = dist('libs/templates/src');

/** CPU seconds of this process and its ended children (Linux /proc/self/stat, 1/100 s ticks). */
function cpuSeconds() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return (utime + stime + cutime + cstime) / 100;
}

/** Bytes of a file or of everything under a folder. */
function size(p) {
  const s = fs.statSync(p);
  if (!s.isDirectory()) return s.size;
  return fs.readdirSync(p).reduce((n, f) => n + size(path.join(p, f)), 0);
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-timeline-'));
  const engine = createRenderEngine(
    { templatesDir: path.join(root, 'templates'), presentersDir: path.join(root, 'models/presenters') },
    engineSpeech(speechConfigFromEnv(process.env)),
  );
  const data = await readDataFile(path.join(root, 'templates/news-brief/sample.geojson'));
  const run = async (name, timeline) => {
    const t = process.hrtime.bigint();
    const c = cpuSeconds();
    const outDir = path.join(work, name);
    const [{ result }] = await engine.render({
      templateId: 'news-brief',
      data,
      dataSource: 'sample',
      select: '0',
      outDir,
      aspects: ['16:9', '9:16'],
      ...(timeline ? { timeline } : {}),
    });
    return { wall: Number(process.hrtime.bigint() - t) / 1e9, cpu: cpuSeconds() - c, result, outDir };
  };
  const flat = await run('flat', undefined);
  const layered = await run('layered', ['otio', 'fcpxml', 'xmeml', 'mlt', 'edl']);
  const clips = layered.result.outputs.reduce((n, o) => n + size(path.join(layered.outDir, o.path)), 0);
  const folders = layered.result.timelines.reduce((n, t) => n + size(path.join(layered.outDir, t.folder)), 0);
  const f = (v) => v.toFixed(1);
  const seconds = layered.result.outputs[0].duration;
  console.log(`demo brief: ${seconds} s clip, outputs 16:9 + 9:16`);
  console.log(`flattened clips only:     wall ${f(flat.wall)} s, CPU ${f(flat.cpu)} s`);
  console.log(
    `with the five timelines:  wall ${f(layered.wall)} s, CPU ${f(layered.cpu)} s (export stage ${f(layered.result.stages.export)} s)`,
  );
  console.log(
    `ratio layered / flattened: wall ${(layered.wall / flat.wall).toFixed(2)}x, CPU ${(layered.cpu / flat.cpu).toFixed(2)}x`,
  );
  console.log(
    `timeline folders ${f(folders / 1e6)} MB against clips ${f(clips / 1e6)} MB: ${(folders / clips).toFixed(1)}x`,
  );
  for (const t of layered.result.timelines) {
    const media = t.media
      .map((m) => [m, size(path.join(layered.outDir, t.folder, m))])
      .sort((a, b) => b[1] - a[1]);
    console.log(
      `  ${t.folder}: ${media
        .slice(0, 3)
        .map(([m, b]) => `${m} ${f(b / 1e6)} MB`)
        .join(', ')}`,
    );
  }
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

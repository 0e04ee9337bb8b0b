#!/usr/bin/env node
// Benchmark: what the finish step (XMP packet + C2PA signing) costs next to the encode it follows.
// Encodes a 30 s 1080p clip (testsrc2 + a tone, the engine's encoder settings) with the label tags,
// then finishes it with a development signer, and verifies it; prints seconds and the ratios
// finish/encode and verify/encode, measured in the same run. Run: npm run build && node bench/provenance.js
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { FfmpegExecutor, buildBareEncodeArgs, defaultEncodeSettings } = dist('libs/media/src');
const p = dist('libs/provenance/src');

const seconds = (t) => Number(process.hrtime.bigint() - t) / 1e9;

async function main() {
  const runs = Number(process.env.BENCH_RUNS || 2);
  const duration = Number(process.env.BENCH_SECONDS || 30);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-prov-'));
  const ffmpeg = new FfmpegExecutor();
  const dev = await p.createDevCertificates();
  const signer = p.createSigner(dev.keyPem, dev.chainPem);
  const labels = p.buildImplicitLabels({
    contentId: 'bench',
    workspace: 'bench',
    generator: { name: 'Clipwright', version: 'bench' },
    digitalSourceType: p.digitalSourceTypeFor(false),
    aigc: true,
    createdAt: new Date(),
  });
  const rights = { workspaceCommercial: false, checkedAt: new Date().toISOString(), used: [] };
  const rows = [];
  for (let i = 0; i < runs; i++) {
    const file = path.join(work, `clip-${i}.mp4`);
    const args = buildBareEncodeArgs(1920, 1080, 25, duration, defaultEncodeSettings, file);
    // The bare encode with the label tags, as the engine's encode will carry them.
    const at = args.indexOf('+faststart');
    args[at] = `+faststart${p.LABEL_MOVFLAGS}`;
    args.splice(args.length - 3, 0, ...p.mp4LabelMetadataArgs(labels));
    let t = process.hrtime.bigint();
    await ffmpeg.run(args);
    const encode = seconds(t);
    t = process.hrtime.bigint();
    await p.finishMp4(file, {
      labels,
      rights,
      template: { id: 'bench', version: 1 },
      disclosure: { profileId: 'eu', visibleLabel: null, spokenLine: null },
      ingredients: [],
      signer,
    });
    const finish = seconds(t);
    t = process.hrtime.bigint();
    const report = await p.verifyFile(file, { trustAnchorsPem: dev.caPem });
    const verify = seconds(t);
    if (!report.credentials.valid) throw new Error(`run ${i}: the finished file does not validate`);
    const size = fs.statSync(file).size;
    rows.push({ encode, finish, verify, size });
    console.log(
      `run ${i + 1}: encode ${encode.toFixed(2)} s, finish ${finish.toFixed(2)} s, verify ${verify.toFixed(2)} s ` +
        `(${(size / 1e6).toFixed(1)} MB): finish/encode ${(finish / encode).toFixed(3)}, verify/encode ${(verify / encode).toFixed(3)}`,
    );
  }
  const best = (k) => Math.min(...rows.map((r) => r[k]));
  console.log(
    `best of ${runs}: finish/encode ${(best('finish') / best('encode')).toFixed(3)}, verify/encode ${(best('verify') / best('encode')).toFixed(3)}`,
  );
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

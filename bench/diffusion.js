#!/usr/bin/env node
// Benchmark: per denoising step, the time inside the UNet's ONNX Runtime session.run against the
// engine's own work around it (packing latents into the model's tensors and dtype, float16
// encoding/decoding, reading the output back, classifier-free guidance, the scheduler update), plus
// the once-per-request costs (tokenizer + text encoders, VAE decoder). The UNet is the tiny
// generated stand-in, so its inference is far cheaper than a real one; the latents have the real
// sizes: 4x64x64 (512 px, SD 1.x/2.x) and 4x128x128 (1024 px, SDXL), each with guidance (a batch of 2:
// negative and positive prompt).
// Target: engine overhead < 3% of a step. With a stand-in UNet the honest figure is the overhead in
// milliseconds and the shortest real UNet step for which it stays under 3% (overhead / 0.03).
// Per-step overhead is reported as the minimum and the median over every step of every run: on a
// shared machine a step is often pre-empted, and the minimum is the cost of the work itself.
// Run after `npm run build`: node bench/diffusion.js   (BENCH_STEPS=8 BENCH_RUNS=5 BENCH_PROVIDER=cpu|auto|cuda)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const { loadDiffusionModel, ortSessionFactory, readModelFolder, runPipeline } = dist('libs/diffusion/src');
const { writeTinyDiffusionModel } = dist('libs/diffusion/src/fixtures/tiny-model-folder.fixture');

const STEPS = Number(process.env.BENCH_STEPS || 8);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const PROVIDER = process.env.BENCH_PROVIDER || 'cpu';

const CASES = [
  { id: 'sd1-fp32', family: 'sd1', size: 512, scheduler: 'euler', guidance: 7.5 },
  { id: 'sd1-fp16', family: 'sd1', size: 512, scheduler: 'euler', guidance: 7.5, dtype: 'float16' },
  { id: 'sdxl-fp32', family: 'sdxl', size: 1024, scheduler: 'euler', guidance: 5 },
  { id: 'sdxl-fp16', family: 'sdxl', size: 1024, scheduler: 'euler', guidance: 5, dtype: 'float16' },
  { id: 'lcm-fp32', family: 'lcm', size: 512, scheduler: 'lcm', guidance: 8.5, steps: 4 },
];

const f = (v, w = 8) => v.toFixed(2).padStart(w);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-diffusion-'));
  const logger = { info: () => undefined, warn: (m) => process.stderr.write(`${m}\n`) };
  console.log(
    `provider ${PROVIDER}; ${os.cpus().length} CPUs (${os.cpus()[0].model}); load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${RUNS} runs of ${STEPS} steps unless noted`,
  );
  console.log(
    'case        latents     UNet ms (median)  overhead ms min  median  % of a stand-in step  3% holds for UNet >= ms  text enc ms  VAE dec ms',
  );
  try {
    for (const c of CASES) {
      const folder = await readModelFolder(
        await writeTinyDiffusionModel(path.join(dir, c.id), { family: c.family, dtype: c.dtype }),
      );
      const model = await loadDiffusionModel(folder, {
        factory: ortSessionFactory,
        preference: PROVIDER,
        logger,
      });
      const steps = c.steps ?? STEPS;
      const request = {
        prompt: 'a lighthouse on a cliff at dusk, 35 mm photograph',
        negativePrompt: 'blurry, text',
        width: c.size,
        height: c.size,
        steps,
        guidance: c.guidance,
        scheduler: c.scheduler,
        seed: 1,
        count: 1,
        strength: 1,
      };
      await runPipeline(model, request); // warm the kernels and the JIT
      const overheads = [];
      const unets = [];
      const encode = [];
      const decode = [];
      for (let i = 0; i < RUNS; i++) {
        const out = await runPipeline(model, request);
        for (const s of out.steps) {
          overheads.push(s.totalMs - s.unetMs);
          unets.push(s.unetMs);
        }
        encode.push(out.timings.encodeMs);
        decode.push(out.timings.decodeMs);
      }
      await model.release();
      const min = Math.min(...overheads);
      const share = median(overheads) / (median(overheads) + median(unets));
      console.log(
        `${c.id.padEnd(11)} ${`4x${c.size / 8}x${c.size / 8}`.padEnd(11)} ${f(median(unets), 17)} ${f(min, 16)} ${f(median(overheads))} ${(100 * share).toFixed(1).padStart(21)}% ${f(min / 0.03, 24)} ${f(median(encode), 12)} ${f(median(decode), 11)}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

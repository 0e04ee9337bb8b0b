// Service-mode benchmarks, two parts:
//
//  1. drain: seconds for 1 worker process, then 2, to render the same 50 short jobs (one batch of a
//     tiny news brief at 16:9), from the batch create to the last job completed; and the speed-up.
//     Workers are started (and ready) before the clock starts, exactly as the e2e harness starts them.
//  2. latency: the API on loopback, with autocannon: POST /v1/jobs and GET /v1/jobs at a fixed rate
//     (default 200 req/s for 10 s), then latency percentiles and how many answers were not 2xx.
//     Each create carries its own Idempotency-Key, so that lookup is part of what is measured.
//     Measured twice (issue 17 item 9): with no worker, and with a render running on the same
//     cores (one worker, at its default lower CPU priority, rendering the queued jobs
//     back to back). Each measurement follows a 3 s warm-up at the same rate whose figures are
//     discarded (steady state, not process start).
//
//   node bench/api.js [rate] [seconds] [jobs]      # both parts, self-contained (see below)
//   BENCH_PARTS=latency node bench/api.js          # latency only (no render, then a render running)
//   API_URL=http://127.0.0.1:3000 API_KEY=cw_... node bench/api.js [rate] [seconds]   # latency only
//
// The latency part also measures two floors at the same rate, so the cost of a create can be read
// against them: GET /health (no auth, no database) and GET /v1/templates (auth, no write).
//
// Self-contained runs take Redis, PostgreSQL and S3 from the environment or scripts/services.sh
// (as the medium tests do), make a throwaway database and queue prefix, start the API and workers
// from the TypeScript sources (test/service/service.harness.ts) on 127.0.0.1, and drop it all after.
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const autocannon = require('autocannon');

const rate = Number(process.argv[2] ?? 200);
const duration = Number(process.argv[3] ?? 10);
const drainJobs = Number(process.argv[4] ?? 50);
const feed = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../templates/news-brief/sample.geojson'), 'utf8'),
);

const createBody = JSON.stringify({ template: 'news-brief', data: feed.features[0], aspects: ['16:9'] });
let sequence = 0;
const createJob = (key) => ({
  method: 'POST',
  path: '/v1/jobs',
  setupRequest: (req) => ({
    ...req,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-${process.pid}-${sequence++}`,
    },
    body: createBody,
  }),
});
const listTemplates = (key) => ({
  method: 'GET',
  path: '/v1/templates',
  headers: { authorization: `Bearer ${key}` },
});
const health = () => ({ method: 'GET', path: '/health/live' });
const listJobs = (key) => ({
  method: 'GET',
  path: '/v1/jobs?limit=20',
  headers: { authorization: `Bearer ${key}` },
});

async function latencies(url, key, floors = true) {
  return {
    ...(floors
      ? { floorHealth: await latency(url, health()), floorTemplates: await latency(url, listTemplates(key)) }
      : {}),
    jobCreate: await latency(url, createJob(key)),
    jobList: await latency(url, listJobs(key)),
  };
}

/** The same figures with a render running on the same machine: one worker renders the queue. */
async function latenciesWhileRendering(harness, env, url, key) {
  // The worker's default priority (WORKER_NICENESS=10), as a deployment sharing a machine runs it.
  const worker = await harness.startWorker({ ...env, WORKER_CONCURRENCY: '1', WORKER_NICENESS: '10' });
  try {
    // The latency runs left hundreds of jobs queued: the worker renders them back to back, oldest
    // first. Measure once one of them is past its first stage.
    for (;;) {
      const { items } = await api(url, key, 'GET', '/v1/jobs?state=active&limit=1');
      if (items.length && items[0].progress > 0.05) break;
      await sleep(200);
    }
    return await latencies(url, key, false);
  } finally {
    await worker.stop();
  }
}

function p99Ratios(idle, busy) {
  const ratio = (a, b) => Math.round((b / Math.max(a, 0.01)) * 100) / 100;
  return {
    jobCreateP99: ratio(idle.jobCreate.latencyMs.p99, busy.jobCreate.latencyMs.p99),
    jobListP99: ratio(idle.jobList.latencyMs.p99, busy.jobList.latencyMs.p99),
  };
}

/** Steady-state latency: a warm-up at the same rate (JIT, connection pools, Lua scripts) is discarded. */
async function latency(url, request) {
  await run(url, request, Math.min(3, duration));
  return run(url, request, duration);
}

function run(url, request, duration) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: 20,
        overallRate: rate,
        duration,
        requests: [request],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          request: `${request.method} ${request.path}`,
          target: `${rate} req/s for ${duration} s`,
          requests: r.requests.total,
          throughput: Math.round((r.requests.total / duration) * 10) / 10,
          latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
          status2xx: r['2xx'],
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
        });
      },
    );
    process.once('SIGINT', () => instance.stop());
  });
}

/** The shortest brief the template makes: the required fields only, so one sentence of speech. */
function tinyItem(id) {
  const f = feed.features[0];
  return {
    type: 'Feature',
    id,
    properties: { mag: f.properties.mag, place: 'Ridgecrest, CA', time: f.properties.time },
    geometry: { type: 'Point', coordinates: [f.geometry.coordinates[0], f.geometry.coordinates[1], null] },
  };
}

async function api(url, key, method, route, body) {
  const res = await globalThis.fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function countInState(url, key, batchId, state) {
  let count = 0;
  let cursor = null;
  do {
    const page = await api(
      url,
      key,
      'GET',
      `/v1/jobs?batch=${batchId}&state=${state}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

async function drain(harness, env, url, key, workers) {
  const procs = [];
  for (let i = 0; i < workers; i++)
    procs.push(await harness.startWorker({ ...env, WORKER_CONCURRENCY: '1' }));
  try {
    const features = Array.from({ length: drainJobs }, (_, i) => tinyItem(`bench-${workers}w-${i}`));
    const t0 = performance.now();
    const { batchId } = await api(url, key, 'POST', '/v1/batches', {
      template: 'news-brief',
      data: { type: 'FeatureCollection', features },
      aspects: ['16:9'],
    });
    for (;;) {
      const done = await countInState(url, key, batchId, 'completed');
      if (done === drainJobs) break;
      const failed = await countInState(url, key, batchId, 'failed');
      if (failed > 0) throw new Error(`${failed} bench jobs failed`);
      await sleep(250);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    for (const p of procs) await p.stop();
  }
}

async function selfContained() {
  require('../test/service/swc-register.js');
  const harness = require('../test/service/service.harness.ts');
  const svc = await harness.serviceEnv({ LOG_LEVEL: 'info', MAX_BODY_BYTES: String(8 * 1048576) });
  let app;
  try {
    app = await harness.startApi(svc.env);
    const key = await harness.createKey(svc.env.DATABASE_URL, 'bench');
    if (process.env.BENCH_PARTS === 'latency') {
      const idle = await latencies(app.url, key);
      process.stdout.write(`latency (no render) ${JSON.stringify(idle, null, 2)}\n`);
      const busy = await latenciesWhileRendering(harness, svc.env, app.url, key);
      process.stdout.write(`latency (a render running) ${JSON.stringify(busy, null, 2)}\n`);
      process.stdout.write(`p99 with a render / without ${JSON.stringify(p99Ratios(idle, busy))}\n`);
      return;
    }
    const one = await drain(harness, svc.env, app.url, key, 1);
    const two = await drain(harness, svc.env, app.url, key, 2);
    const round = (x) => Math.round(x * 100) / 100;
    const drainOut = {
      jobs: drainJobs,
      cpus: require('node:os').cpus().length,
      seconds1Worker: round(one),
      seconds2Workers: round(two),
      speedUp: round(one / two),
    };
    process.stdout.write(`drain ${JSON.stringify(drainOut, null, 2)}\n`);
    const idle = await latencies(app.url, key);
    process.stdout.write(`latency (no render) ${JSON.stringify(idle, null, 2)}\n`);
    const busy = await latenciesWhileRendering(harness, svc.env, app.url, key);
    process.stdout.write(`latency (a render running) ${JSON.stringify(busy, null, 2)}\n`);
    process.stdout.write(`p99 with a render / without ${JSON.stringify(p99Ratios(idle, busy))}\n`);
  } finally {
    await app?.proc.stop();
    await svc.dropDatabase();
  }
}

async function main() {
  if (process.env.API_URL && process.env.API_KEY) {
    const out = await latencies(process.env.API_URL, process.env.API_KEY);
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  await selfContained();
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});

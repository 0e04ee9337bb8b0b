// Job-create throughput of the API on loopback, with autocannon: POST /v1/jobs at a fixed rate
// (default 200 req/s for 10 s), then latency percentiles and how many answers were not 201.
//
//   API_URL=http://127.0.0.1:3000 API_KEY=cw_... node bench/api.js [rate] [seconds]
//
// Needs a running API (and its Redis + PostgreSQL); the jobs it makes stay queued unless workers
// run, so point it at a throwaway database and queue prefix. Each request carries its own
// Idempotency-Key, so the idempotency lookup is part of what is measured.
const fs = require('node:fs');
const path = require('node:path');
const autocannon = require('autocannon');

const url = process.env.API_URL;
const key = process.env.API_KEY;
if (!url || !key) {
  process.stderr.write('set API_URL and API_KEY (clipwright keys create --workspace bench)\n');
  process.exit(2);
}
const rate = Number(process.argv[2] ?? 200);
const duration = Number(process.argv[3] ?? 10);
const feed = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../templates/news-brief/sample.geojson'), 'utf8'),
);
const body = JSON.stringify({ template: 'news-brief', data: feed.features[0], aspects: ['16:9'] });
let n = 0;

const instance = autocannon(
  {
    url: `${url}/v1/jobs`,
    connections: 20,
    overallRate: rate,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'idempotency-key': `bench-${process.pid}-${n++}`,
          },
          body,
        }),
      },
    ],
  },
  (err, r) => {
    if (err) throw err;
    const out = {
      target: `${rate} req/s for ${duration} s`,
      requests: r.requests.total,
      throughput: Math.round((r.requests.total / duration) * 10) / 10,
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      status2xx: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  },
);
process.once('SIGINT', () => instance.stop());

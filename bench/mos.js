#!/usr/bin/env node
// Benchmark: a story sent by the newsroom system (MOS roStorySend) to the clip's READY status sent
// back (roElementStat READY), through the MOS gateway, the real API, one worker, Redis, PostgreSQL
// and S3, with @mos-connection acting as the NCS over loopback. The story carries one Clipwright
// item with every news-brief field (a 30 s brief at 16:9 1920x1080, the real template).
//
// Each run prints where the seconds went, from the NCS's clock, the gateway's log and the job:
//   ack        roStorySend -> the gateway's roAck (mirror stored)
//   submit     roStorySend -> the job created in the API (gateway overhead before the render)
//   queued     job created -> a worker takes it (queue)
//   render     the worker's render (job startedAt -> finishedAt)
//   report     render finished -> READY at the NCS (job end event, thumbnail, mosObj, roElementStat)
//   total      roStorySend -> READY at the NCS
//   gatewayOverhead = submit + report; overheadShare = (total - render) / total
// and the CPU seconds of the worker (with ffmpeg and espeak-ng) and of the gateway (with its
// thumbnail's ffmpeg) over the run, read from /proc: on a shared machine the wall seconds swing
// with what else runs; the CPU seconds and the overhead's share are the steadier figures.
//
//   node bench/mos.js [runs]   # default 2 runs, after a warm-up (a short brief, not counted) that
//                              # pays the worker's and the gateway's first-job costs
//
// Redis, PostgreSQL and S3 come from the environment or scripts/services.sh, as in the medium tests
// (export CLIPWRIGHT_*_PORT to choose their ports); everything else is started and dropped here.
const fs = require('node:fs');

const runs = Number(process.argv[2] ?? 2);

/** CPU seconds of a live process and its ended children (/proc/<pid>/stat utime..cstime, 1/100 s). */
function cpuOf(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return (utime + stime + cutime + cstime) / 100;
}

async function main() {
  require('../test/service/swc-register.js');
  const t = require('../plugins/mos-gateway/test/gateway.testing.ts');
  const [g, n] = await t.portTriples(2);
  const service = await t.startService({ templates: 'real' });
  let gateway = null;
  let ncs = null;
  try {
    gateway = await t.startGateway(await t.gatewayEnv(service, g, { id: t.NCS_ID, ports: n }));
    await service.workerReady;
    ncs = await new t.NcsDouble(t.NCS_ID, n).start(t.GATEWAY_ID, g);
    await ncs.connected();
    await ncs.dev.sendCreateRunningOrder(t.runningOrder('RO-BENCH', []));

    const job = async (id) => {
      const res = await globalThis.fetch(`${service.api.url}/v1/jobs/${id}`, {
        headers: { authorization: `Bearer ${service.key}` },
      });
      return res.json();
    };
    const rows = [];
    for (let i = 0; i <= runs; i++) {
      const storyId = `S${i}`;
      const itemId = `I${i}`;
      // A story of its own each run: a new item, a new revision, a new job (no idempotent replay).
      await ncs.dev.sendROInsertStories({ RunningOrderID: t.s128('RO-BENCH'), StoryID: t.s128('') }, [
        t.story(storyId, []),
      ]);
      const cpu0 = { worker: cpuOf(service.worker.child.pid), gateway: cpuOf(gateway.proc.child.pid) };
      const sentAt = Date.now();
      await ncs.dev.sendRunningOrderStory({
        ID: t.s128(storyId),
        Slug: t.s128('Taiwan quake'),
        RunningOrderId: t.s128('RO-BENCH'),
        Body: [
          { Type: 'p', Content: 'A strong earthquake shook eastern Taiwan this morning.' },
          {
            Type: 'storyItem',
            Content: t.item(
              itemId,
              `OBJ-${i}`,
              t.GATEWAY_ID,
              t.clipMeta('news-brief', i === 0 ? t.SHORT_FIELDS : t.FULL_FIELDS),
            ),
          },
        ],
      });
      const ackAt = Date.now();
      const ready = await t.until(
        `READY for ${itemId}`,
        () => ncs.statuses.find((s) => s.itemId === itemId && s.status === 'READY'),
        900_000,
      );
      const cpu1 = { worker: cpuOf(service.worker.child.pid), gateway: cpuOf(gateway.proc.child.pid) };
      const logs = gateway.proc.logs();
      const submitted = logs.find((l) => l.msg === 'job submitted' && l.itemId === itemId);
      const clip = logs.find((l) => l.msg === 'clip ready' && l.itemId === itemId);
      const j = await job(submitted.jobId);
      const at = (iso) => Date.parse(iso);
      const s = (ms) => Math.round(ms / 100) / 10;
      const row = {
        run: i === 0 ? 'warm-up' : i,
        clipSeconds: Math.round(clip.duration * 10) / 10,
        ack: s(ackAt - sentAt),
        submit: s(Number(submitted.time) - sentAt),
        queued: s(at(j.startedAt) - at(j.createdAt)),
        render: s(at(j.finishedAt) - at(j.startedAt)),
        report: s(ready.at - at(j.finishedAt)),
        total: s(ready.at - sentAt),
        workerCpu: Math.round((cpu1.worker - cpu0.worker) * 10) / 10,
        gatewayCpu: Math.round((cpu1.gateway - cpu0.gateway) * 10) / 10,
      };
      row.gatewayOverhead = Math.round((row.submit + row.report) * 10) / 10;
      row.overheadShare = Math.round(((row.total - row.render) / row.total) * 1000) / 1000;
      process.stdout.write(`${JSON.stringify(row)}\n`);
      if (i > 0) rows.push(row);
    }
    const mean = (k) => Math.round((rows.reduce((a, r) => a + r[k], 0) / rows.length) * 100) / 100;
    process.stdout.write(
      `mean of ${rows.length}: ${JSON.stringify({
        cpus: require('node:os').cpus().length,
        loadAverage1m: Math.round(require('node:os').loadavg()[0] * 10) / 10,
        clipSeconds: mean('clipSeconds'),
        total: mean('total'),
        render: mean('render'),
        submit: mean('submit'),
        queued: mean('queued'),
        report: mean('report'),
        gatewayOverhead: mean('gatewayOverhead'),
        overheadShare: mean('overheadShare'),
        workerCpu: mean('workerCpu'),
        gatewayCpu: mean('gatewayCpu'),
      })}\n`,
    );
  } finally {
    await ncs?.stop();
    await gateway?.proc.stop();
    await service.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});

import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { HealthService } from './health.service';
import type { MetricsService } from './metrics.service';

/**
 * The operators' listener (METRICS_HOST:METRICS_PORT, loopback by default): `/metrics` in
 * Prometheus text and `/health/details` (each dependency, ok and milliseconds). Kept off the API
 * port, which every client reaches and where every route needs a key.
 */
export async function startMetricsServer(
  host: string,
  port: number,
  metrics: MetricsService,
  health: HealthService,
  logger: Logger,
): Promise<Server> {
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    const answer = async () => {
      if (req.method !== 'GET') return res.writeHead(405, { allow: 'GET' }).end();
      if (url === '/metrics') {
        const text = await metrics.render();
        return res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text);
      }
      if (url === '/health/details') {
        const checks = await health.checks();
        const ok = Object.values(checks).every((c) => c.ok);
        return res
          .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', checks }));
      }
      res.writeHead(404).end();
    };
    answer().catch((e: unknown) => {
      logger.warn({ err: String(e) }, 'metrics request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  logger.info({ host, port: (server.address() as AddressInfo).port }, 'metrics listening');
  return server;
}

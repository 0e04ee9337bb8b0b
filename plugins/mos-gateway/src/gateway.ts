import { createHmac } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ClipwrightApiClient } from './api/clipwright-api.client';
import { ClipWorkflow } from './clip/clip.workflow';
import { ObjectService } from './clip/object.service';
import { TEMPLATE_ADAPTERS, TemplateAdapter } from './clip/template-adapters';
import type { GatewayConfig } from './gateway.config';
import { GatewayHttp } from './http/gateway.http';
import { MediaLinks } from './http/media-links';
import { bindDeviceHandlers } from './mos/device.handlers';
import { MosLink } from './mos/mos.link';
import { StatusReporter } from './mos/status.reporter';
import { RundownService } from './running-order/rundown.service';
import { openGatewayDatabase } from './store/gateway.data-source';
import { GatewayStore } from './store/gateway.store';

const VERSION = '0.1.0';

/**
 * The gateway's composition root: database, API client, HTTP side, MOS link, and the services
 * between them. `start` resumes every clip where the database left it before the NCS is linked.
 */
export class MosGateway {
  private ds: DataSource | null = null;
  private http: GatewayHttp | null = null;
  private link: MosLink | null = null;
  private workflow: ClipWorkflow | null = null;
  private reporter: StatusReporter | null = null;
  private offered: TemplateAdapter[] = [];
  /** The HTTP port actually bound (MOS_HTTP_PORT=0 picks a free one). */
  httpPort = 0;

  constructor(
    private readonly config: GatewayConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const c = this.config;
    const startedAt = new Date();
    const api = new ClipwrightApiClient(c.apiUrl, c.apiKey);
    // The API must know the key and the templates before the NCS is told anything.
    const known = new Set((await api.listTemplates()).map((t) => t.id));
    this.offered = TEMPLATE_ADAPTERS.filter((a) => known.has(a.template));
    const fps = new Map<string, number>();
    for (const a of this.offered) fps.set(a.template, (await api.getTemplate(a.template)).fps ?? 25);
    this.logger.info({ templates: this.offered.map((a) => a.template) }, 'templates offered');

    await fs.mkdir(c.dataDir, { recursive: true });
    this.ds = await openGatewayDatabase(c.databaseUrl);
    const store = GatewayStore.of(this.ds);
    const secret =
      c.mediaSecret || createHmac('sha256', c.apiKey).update('mos-gateway media links').digest('hex');

    let links = new MediaLinks(c.publicUrl, secret);
    this.http = new GatewayHttp({
      store,
      api,
      get links() {
        return links;
      },
      logger: this.logger,
      dataDir: c.dataDir,
      mosId: c.mosId,
      adapters: () => this.offered,
      health: () => ({ mosId: c.mosId, ncsConnected: this.link?.connected ?? false, version: VERSION }),
    });
    this.httpPort = await this.http.listen(c.httpHost, c.httpPort);
    const publicUrl = c.publicUrl || `http://${c.httpHost}:${this.httpPort}`;
    links = new MediaLinks(publicUrl, secret);
    this.logger.info({ url: publicUrl, plugin: `${publicUrl}/plugin/` }, 'http listening');

    const options = {
      aspect: c.aspect,
      timeBase: (t: string) => fps.get(t) ?? 25,
      // A clip can change what the NCS must hear without a workflow step (an item naming a
      // finished placeholder): the reporter looks too.
      onClip: (objId: string) => {
        void this.workflow?.advance(objId);
        void this.reporter?.kick();
      },
    };
    const rundown = new RundownService(store, this.logger, options);
    const objects = new ObjectService(store, rundown, this.logger, options);
    const link = new MosLink(
      c,
      this.logger,
      (device) =>
        bindDeviceHandlers(device, {
          mosId: c.mosId,
          rundown,
          objects,
          store,
          links,
          logger: this.logger,
          machine: {
            swRev: VERSION,
            startedAt,
            pluginUrl: `${publicUrl}/plugin/`,
            schemaUrl: `${publicUrl}/schema/clipwright-item.xsd`,
          },
        }),
      () => void this.reporter?.kick(),
    );
    this.link = link;
    this.reporter = new StatusReporter(store, link, links, c.mosId, this.logger);
    this.workflow = new ClipWorkflow(store, api, this.logger, {
      dataDir: c.dataDir,
      ffmpegPath: c.ffmpegPath,
      onChange: () => void this.reporter?.kick(),
    });
    await this.workflow.resume();
    await link.start();
    this.logger.info({ mosId: c.mosId, ncs: c.primary.id, buddy: c.buddy?.id ?? null }, 'gateway ready');
  }

  async stop(): Promise<void> {
    this.reporter?.stop();
    await this.workflow?.stop();
    await this.link?.stop();
    await this.http?.close();
    await this.ds?.destroy();
  }
}

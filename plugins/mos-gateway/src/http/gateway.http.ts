import { existsSync, promises as fs } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Logger } from 'pino';
import type { ClipwrightApiClient } from '../api/clipwright-api.client';
import type { TemplateAdapter } from '../clip/template-adapters';
import type { GatewayStore } from '../store/gateway.store';
import type { MediaLinks } from './media-links';

/** The plug-in page's and the schema's folders: beside src/ when run from source, or from dist/. */
function assetDir(name: 'public' | 'schema'): string {
  const candidates = [
    path.resolve(__dirname, '../..', name),
    path.resolve(__dirname, '../../../../../plugins/mos-gateway', name),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`plugins/mos-gateway/${name} not found from ${__dirname}`);
  return found;
}

const STATIC: Record<string, { dir: 'public' | 'schema'; file: string; type: string }> = {
  '/plugin/': { dir: 'public', file: 'plugin.html', type: 'text/html; charset=utf-8' },
  '/plugin/plugin.js': { dir: 'public', file: 'plugin.js', type: 'text/javascript; charset=utf-8' },
  '/plugin/plugin.css': { dir: 'public', file: 'plugin.css', type: 'text/css; charset=utf-8' },
  '/schema/clipwright-item.xsd': {
    dir: 'schema',
    file: 'clipwright-item.xsd',
    type: 'application/xml; charset=utf-8',
  },
};

export interface HttpDeps {
  store: GatewayStore;
  api: ClipwrightApiClient;
  links: MediaLinks;
  logger: Logger;
  dataDir: string;
  mosId: string;
  /** The templates offered in the plug-in page (those the API has). */
  adapters: () => TemplateAdapter[];
  health: () => Record<string, unknown>;
}

/**
 * The gateway's small HTTP side: the NRCS plug-in page and what it reads (the template list with
 * its fields, the payload schema), media links for the NCS (clip and thumbnail, checked by their
 * signature), and /health. Read-only: nothing here changes a running order or a clip.
 */
export class GatewayHttp {
  private server: Server | null = null;

  constructor(private readonly deps: HttpDeps) {}

  async listen(host: string, port: number): Promise<number> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        this.deps.logger.error({ url: req.url, err: String(e) }, 'http request failed');
        if (!res.headersSent) this.json(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
        else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return this.json(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'GET only' } });
    if (url.pathname === '/' || url.pathname === '/plugin') {
      res.writeHead(302, { location: '/plugin/' });
      return void res.end();
    }
    const file = STATIC[url.pathname];
    if (file) {
      const body = await fs.readFile(path.join(assetDir(file.dir), file.file));
      res.writeHead(200, {
        'content-type': file.type,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(body);
    }
    if (url.pathname === '/plugin/templates.json') {
      return this.json(res, 200, {
        mosId: this.deps.mosId,
        schema: '/schema/clipwright-item.xsd',
        templates: this.deps
          .adapters()
          .map((a) => ({ id: a.template, title: a.title, usesStoryText: a.usesStoryText, fields: a.fields })),
      });
    }
    if (url.pathname === '/health') return this.json(res, 200, this.deps.health());
    const media = /^\/media\/([^/]+)\/(clip\.mp4|thumbnail\.jpg)$/.exec(url.pathname);
    if (media) return this.media(decodeURIComponent(media[1]), media[2], url.searchParams.get('sig'), res);
    return this.json(res, 404, { error: { code: 'NOT_FOUND', message: `No ${url.pathname}` } });
  }

  private async media(objId: string, file: string, sig: string | null, res: ServerResponse): Promise<void> {
    if (!this.deps.links.verify(objId, file, sig))
      return this.json(res, 403, { error: { code: 'FORBIDDEN', message: 'bad or missing sig' } });
    const clip = await this.deps.store.getClip(objId);
    if (!clip || clip.status !== 'READY' || !clip.jobId || !clip.outputName)
      return this.json(res, 404, {
        error: { code: 'NOT_FOUND', message: `object ${objId} has no ready clip` },
      });
    if (file === 'thumbnail.jpg') {
      if (!clip.thumbnail)
        return this.json(res, 404, {
          error: { code: 'NOT_FOUND', message: `object ${objId} has no thumbnail` },
        });
      const body = await fs.readFile(path.join(this.deps.dataDir, path.basename(clip.thumbnail)));
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) });
      return void res.end(body);
    }
    const source = await this.deps.api.outputSource(clip.jobId, clip.outputName);
    if ('url' in source) {
      res.writeHead(302, { location: source.url, 'cache-control': 'no-store' });
      return void res.end();
    }
    const r = source.response;
    res.writeHead(200, {
      'content-type': r.headers.get('content-type') ?? 'video/mp4',
      ...(r.headers.get('content-length')
        ? { 'content-length': r.headers.get('content-length') as string }
        : {}),
    });
    Readable.fromWeb(r.body as unknown as WebReadableStream<Uint8Array>)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}

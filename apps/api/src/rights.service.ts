import { promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { asOutage, ClipwrightError, ErrorCode, withTimeout } from '@app/core';
import { checkTemplateRights } from '@app/engine';
import { PresenterLibrary } from '@app/presenter';
import {
  type ConsentRecord,
  parseNewConsent,
  parseRightsSettings,
  type RightsStore,
  SIGNING_ENV,
  verifyBytes,
  type VerifyReport,
  type WorkspaceRightsSettings,
} from '@app/provenance';
import type { ObjectStorage } from '@app/storage';
import { ApiError, ApiErrorCode } from './api.error';
import type { JobsService } from './jobs.service';
import type { TemplateCatalog } from './template.catalog';

export interface RightsServiceOptions {
  presentersDir: string;
  /** PEM trust anchors for the verify route (CLIPWRIGHT_C2PA_TRUST_ANCHORS); absent: trust not checked. */
  trustAnchorsPem?: string;
  dependencyTimeoutMs: number;
  /** Largest output the verify route reads into memory (c2pa-rs validates a buffer). */
  maxVerifyBytes: number;
}

/** MAX_VERIFY_BYTES default: 512 MiB, a few minutes of 1080p (c2pa-rs holds several copies at the peak). */
const DEFAULT_MAX_VERIFY_BYTES = 512 * 1_048_576;

/**
 * The verify route's settings from the environment: CLIPWRIGHT_C2PA_TRUST_ANCHORS (PEM file, read at
 * boot) and MAX_VERIFY_BYTES.
 * @throws ClipwrightError INVALID_ARGUMENT naming the variable whose value cannot be used.
 */
export async function rightsOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  config: Pick<RightsServiceOptions, 'presentersDir' | 'dependencyTimeoutMs'>,
): Promise<RightsServiceOptions> {
  const anchors = env[SIGNING_ENV.trustAnchors]?.trim();
  let trustAnchorsPem: string | undefined;
  if (anchors) {
    trustAnchorsPem = await fs.readFile(anchors, 'utf8').catch((e: Error) => {
      throw new ClipwrightError(ErrorCode.InvalidArgument, `${anchors} cannot be read: ${e.message}`, {
        path: SIGNING_ENV.trustAnchors,
      });
    });
  }
  const raw = env.MAX_VERIFY_BYTES?.trim();
  const max = raw ? Number(raw) : DEFAULT_MAX_VERIFY_BYTES;
  if (!Number.isInteger(max) || max < 1024) {
    throw new ClipwrightError(ErrorCode.InvalidArgument, `MAX_VERIFY_BYTES must be an integer >= 1024`, {
      path: 'MAX_VERIFY_BYTES',
    });
  }
  return {
    presentersDir: config.presentersDir,
    dependencyTimeoutMs: config.dependencyTimeoutMs,
    maxVerifyBytes: max,
    ...(trustAnchorsPem ? { trustAnchorsPem } : {}),
  };
}

async function readAll(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new ApiError(
        413,
        ApiErrorCode.PayloadTooLarge,
        `The output is over ${limit} bytes; verify it with the CLI`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A workspace's rights settings and consent ledger (TypeORM store on the service's database), the
 * rights gate that refuses a job before it is queued, and the credentials report of a job's output.
 * Every method is scoped by the caller's workspace.
 */
export class RightsService {
  private readonly presenters: PresenterLibrary;

  constructor(
    private readonly store: RightsStore,
    private readonly templates: TemplateCatalog,
    private readonly jobs: JobsService,
    private readonly storage: Pick<ObjectStorage, 'get'>,
    private readonly options: RightsServiceOptions,
  ) {
    this.presenters = new PresenterLibrary(options.presentersDir);
  }

  settings(workspaceId: string): Promise<WorkspaceRightsSettings> {
    return this.store.settings(workspaceId);
  }

  /** @throws ClipwrightError INVALID_ARGUMENT naming the JSON path (a bad custom label profile included). */
  async saveSettings(workspaceId: string, body: unknown): Promise<WorkspaceRightsSettings> {
    const settings = parseRightsSettings(workspaceId, body ?? {});
    await this.store.saveSettings(settings);
    return this.store.settings(workspaceId);
  }

  async listConsents(workspaceId: string): Promise<{ items: ConsentRecord[] }> {
    return { items: await this.store.listConsents(workspaceId) };
  }

  addConsent(workspaceId: string, body: unknown): Promise<ConsentRecord> {
    return this.store.addConsent(workspaceId, parseNewConsent(body ?? {}));
  }

  /** Revokes a record (idempotent: one revoked earlier is answered as it is). @throws ApiError 404. */
  async revokeConsent(workspaceId: string, id: string): Promise<ConsentRecord> {
    const find = async () => (await this.store.listConsents(workspaceId)).find((r) => r.id === id);
    if (!(await find())) throw ApiError.notFound(`consent record ${id}`, 'id');
    await this.store.revokeConsent(workspaceId, id, new Date());
    return (await find())!;
  }

  /**
   * Refuses a job body before it is queued when its template uses a presenter or voice the
   * workspace has no consent or licence for (the worker checks again when it renders: a consent
   * may be revoked meanwhile). Bodies without a string `template` are left to the job checks.
   * @throws ClipwrightError CONSENT_REQUIRED or LICENCE_FORBIDS_USE naming the template path.
   */
  async checkJob(workspaceId: string, body: unknown): Promise<void> {
    const id = (body as { template?: unknown } | null)?.template;
    if (typeof id !== 'string') return;
    const entry = await this.templates.get(id).catch(() => null);
    if (!entry) return;
    const [settings, consents] = await Promise.all([
      this.store.settings(workspaceId),
      this.store.listConsents(workspaceId),
    ]);
    await checkTemplateRights(
      entry.template,
      this.presenters,
      { workspace: { id: workspaceId, commercial: settings.commercial }, consents },
      new Date(),
    );
  }

  /**
   * The credentials report of a completed job's output: the C2PA manifest validated by c2pa-rs
   * (signature, hard binding, trust when anchors are configured) and the implicit labels read back.
   * @throws ApiError 404/409 as the download route; INVALID_ARGUMENT for an output that is not MP4 or PNG.
   */
  async verifyOutput(workspaceId: string, jobId: string, name: string): Promise<VerifyReport> {
    const output = await this.jobs.output(workspaceId, jobId, name);
    const timeout = this.options.dependencyTimeoutMs;
    const body = await withTimeout(this.storage.get(output.storageKey), timeout, 'storage').catch(
      (e: unknown) => {
        throw asOutage(e, 'storage');
      },
    );
    const bytes = await readAll(body, this.options.maxVerifyBytes);
    return verifyBytes(bytes, output.name, { trustAnchorsPem: this.options.trustAnchorsPem });
  }
}

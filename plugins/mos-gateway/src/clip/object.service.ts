import { randomUUID } from 'node:crypto';
import type { IMOSObject } from '@mos-connection/connector';
import type { Logger } from 'pino';
import { text } from '../running-order/ro-model';
import { clipRequest, newClip, RundownOptions, RundownService } from '../running-order/rundown.service';
import type { GatewayStore } from '../store/gateway.store';
import { parseClipSpec, PayloadError } from './clip-payload';

export type ObjectOutcome = { ok: true; objId: string } | { ok: false; reason: string };

/**
 * MOS objects the NCS asks for (profile 3): mosObjCreate and mosReqObjAction NEW make a placeholder
 * that renders from the object's Clipwright payload and fills in (mosObj READY) when done; UPDATE
 * re-renders it; DELETE cancels its job. Runs in the rundown's queue, so objects and running
 * orders never change at once.
 */
export class ObjectService {
  constructor(
    private readonly store: GatewayStore,
    private readonly rundown: RundownService,
    private readonly logger: Logger,
    private readonly options: RundownOptions,
  ) {}

  create(obj: IMOSObject, objId: string = `CW-${randomUUID()}`): Promise<ObjectOutcome> {
    return this.rundown.serial(async () => {
      const log = this.logger.child({ message: 'mosObjCreate', objId, slug: text(obj.Slug) });
      try {
        const spec = parseClipSpec(obj.MosExternalMetaData);
        if (!spec)
          throw new PayloadError(
            'the object carries no Clipwright payload (mosExternalMetadata/mosPayload/clipwright)',
          );
        if (await this.store.getClip(objId)) throw new PayloadError(`object ${objId} exists already`);
        const { request, hash, slug } = clipRequest(spec, '', this.options.aspect);
        const now = new Date();
        const clip = newClip(
          objId,
          null,
          null,
          null,
          spec.template,
          this.options.timeBase(spec.template),
          now,
        );
        Object.assign(clip, { request, revisionHash: hash, revision: 1, slug: text(obj.Slug) || slug });
        await this.store.saveClip(clip);
        log.info({ template: spec.template }, 'placeholder object created');
        this.options.onClip(objId);
        return { ok: true, objId } as const;
      } catch (e) {
        return this.refuse(e, log);
      }
    });
  }

  update(objId: string, obj: IMOSObject): Promise<ObjectOutcome> {
    return this.rundown.serial(async () => {
      const log = this.logger.child({ message: 'mosReqObjAction UPDATE', objId });
      try {
        const clip = await this.store.getClip(objId);
        if (!clip || clip.deletedAt) throw new PayloadError(`object ${objId} is unknown to this device`);
        const spec = parseClipSpec(obj.MosExternalMetaData);
        if (spec) {
          const { request, hash } = clipRequest(spec, '', this.options.aspect);
          if (hash !== clip.revisionHash)
            Object.assign(clip, {
              request,
              revisionHash: hash,
              revision: clip.revision + 1,
              status: 'PENDING',
              error: null,
            });
        }
        if (text(obj.Slug)) clip.slug = text(obj.Slug);
        clip.changedAt = new Date();
        await this.store.saveClip(clip);
        log.info({ revision: clip.revision }, 'object updated');
        this.options.onClip(objId);
        return { ok: true, objId } as const;
      } catch (e) {
        return this.refuse(e, log);
      }
    });
  }

  delete(objId: string): Promise<ObjectOutcome> {
    return this.rundown.serial(async () => {
      const log = this.logger.child({ message: 'mosReqObjAction DELETE', objId });
      const clip = await this.store.getClip(objId);
      if (!clip || clip.deletedAt)
        return this.refuse(new PayloadError(`object ${objId} is unknown to this device`), log);
      await this.store.updateClip(objId, { deletedAt: new Date(), changedAt: new Date() });
      log.info('object deleted');
      this.options.onClip(objId);
      return { ok: true, objId } as const;
    });
  }

  private refuse(e: unknown, log: Logger): ObjectOutcome {
    const reason =
      e instanceof PayloadError
        ? e.message
        : `internal error: ${String(e instanceof Error ? e.message : e).slice(0, 100)}`;
    if (e instanceof PayloadError) log.warn({ reason }, 'MOS message refused');
    else log.error({ err: String(e) }, 'MOS message failed');
    return { ok: false, reason };
  }
}

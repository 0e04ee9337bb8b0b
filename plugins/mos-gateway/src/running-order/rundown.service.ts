import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/core';
import type { Logger } from 'pino';
import { ClipSpec, parseClipSpec, PayloadError } from '../clip/clip-payload';
import { findAdapter } from '../clip/template-adapters';
import type { ClipEntity } from '../store/gateway.entities';
import type { GatewayStore } from '../store/gateway.store';
import { MosInputError, RoDoc } from './ro-model';

/** What a MOS message handler answers: done, or refused with the reason that goes into the NACK. */
export type Outcome = { ok: true } | { ok: false; reason: string };

export interface RundownOptions {
  /** Output aspect when an item asks for none. */
  aspect: string;
  /** Frames per second of a template (the MOS time base of its objects). */
  timeBase(template: string): number;
  /** A clip changed and needs its workflow step. */
  onClip(objId: string): void;
}

/** A clip's job request for an item or object, and the hash that names its content. */
export function clipRequest(spec: ClipSpec, storyText: string, aspect: string) {
  const adapter = findAdapter(spec.template);
  if (!adapter) throw new PayloadError(`template "${spec.template}" is not one this gateway renders`);
  const request = {
    template: spec.template,
    data: adapter.toData(spec.fields, adapter.usesStoryText ? storyText : ''),
    aspects: [spec.aspect ?? aspect],
  };
  return {
    request,
    hash: createHash('sha256').update(canonicalJson(request)).digest('hex'),
    slug: spec.slug ?? adapter.slugOf(spec.fields),
  };
}

/**
 * Applies running-order messages to the mirror and the clips, one message at a time: the new
 * mirror is computed first (a bad message throws before anything is stored), then the mirror and
 * every clip it implies are written in one transaction, then the changed clips move on.
 */
export class RundownService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: GatewayStore,
    private readonly logger: Logger,
    private readonly options: RundownOptions,
  ) {}

  /** Runs `work` after every message before it (the mirror is never written by two at once). */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * One running-order message: `change` maps the stored mirror (null when unknown) to the new one
   * (null deletes it). Bad input (unknown ids, a bad Clipwright payload) is refused with its reason.
   */
  apply(
    message: string,
    ids: Record<string, string>,
    change: (
      current: RoDoc | null,
      airStatus: string | null,
    ) => { doc: RoDoc | null; airStatus?: string | null },
    mustExist = true,
  ): Promise<Outcome> {
    return this.serial(async () => {
      const log = this.logger.child({ message, ...ids });
      try {
        const row = await this.store.getRo(ids.roId);
        if (!row && mustExist) throw new MosInputError(`running order ${ids.roId} is unknown to this device`);
        const next = change(row?.doc ?? null, row?.airStatus ?? null);
        const changed = await this.commit(
          ids.roId,
          next.doc,
          next.airStatus === undefined ? (row?.airStatus ?? null) : next.airStatus,
        );
        log.info({ clipsChanged: changed.length }, 'running order updated');
        for (const objId of changed) this.options.onClip(objId);
        return { ok: true } as const;
      } catch (e) {
        if (e instanceof MosInputError || e instanceof PayloadError) {
          log.warn({ reason: e.message }, 'MOS message refused');
          return { ok: false, reason: e.message } as const;
        }
        log.error({ err: String(e) }, 'MOS message failed');
        return {
          ok: false,
          reason: `internal error: ${String(e instanceof Error ? e.message : e).slice(0, 100)}`,
        } as const;
      }
    });
  }

  /** Plans every Clipwright item of `doc`; a bad one throws naming its story and item. */
  private plan(doc: RoDoc) {
    const out: { storyId: string; itemId: string; objId: string; spec: ClipSpec; storyText: string }[] = [];
    for (const story of doc.stories)
      for (const item of story.items) {
        let spec: ClipSpec | null;
        try {
          spec = parseClipSpec(item.meta);
        } catch (e) {
          if (e instanceof PayloadError)
            throw new PayloadError(`story ${story.id} item ${item.id}: ${e.message}`);
          throw e;
        }
        if (spec)
          out.push({
            storyId: story.id,
            itemId: item.id,
            objId: item.objId,
            spec,
            storyText: story.text ?? '',
          });
      }
    return out;
  }

  /** Writes the mirror and its clips; returns the objIds whose workflow must take a step. */
  private async commit(roId: string, doc: RoDoc | null, airStatus: string | null): Promise<string[]> {
    const planned = doc ? this.plan(doc) : [];
    return this.store.transaction(async (tx) => {
      const changed: string[] = [];
      const now = new Date();
      const keep = new Set<string>();
      for (const p of planned) {
        const { request, hash, slug } = clipRequest(p.spec, p.storyText, this.options.aspect);
        let clip = await tx.clipOfItem(roId, p.storyId, p.itemId);
        if (!clip && p.objId) {
          const named = await tx.getClip(p.objId);
          // A placeholder from mosObjCreate (or an object of a deleted story) that this item now names.
          if (named && (named.roId === null || named.deletedAt))
            clip = {
              ...named,
              roId,
              storyId: p.storyId,
              itemId: p.itemId,
              origin: 'item',
              reportedStatus: null,
            };
        }
        if (!clip) {
          const taken = p.objId ? await tx.getClip(p.objId) : null;
          const objId = p.objId && !taken ? p.objId : derivedObjId(roId, p.storyId, p.itemId);
          clip = newClip(
            objId,
            roId,
            p.storyId,
            p.itemId,
            p.spec.template,
            this.options.timeBase(p.spec.template),
            now,
          );
        }
        keep.add(clip.objId);
        const revived = clip.deletedAt !== null;
        const retry = revived && clip.status !== 'READY';
        if (clip.revisionHash !== hash || retry) {
          Object.assign(clip, {
            request,
            revisionHash: hash,
            revision: clip.revision + 1,
            status: 'PENDING',
            error: null,
            changedAt: now,
          });
        }
        Object.assign(clip, { slug, template: p.spec.template, deletedAt: null });
        // Only the columns the rundown owns: the job columns belong to the workflow, which may
        // have written them since this transaction read the row.
        if (clip.revision === 1 && !clip.jobId) await tx.saveClip(clip);
        else
          await tx.updateClipContent(clip.objId, {
            roId: clip.roId,
            storyId: clip.storyId,
            itemId: clip.itemId,
            origin: clip.origin,
            ...(clip.reportedStatus === null ? { reportedStatus: null } : {}),
            slug: clip.slug,
            template: clip.template,
            request: clip.request,
            revision: clip.revision,
            revisionHash: clip.revisionHash,
            status: clip.status,
            error: clip.error,
            deletedAt: null,
            changedAt: clip.changedAt,
          });
        changed.push(clip.objId);
      }
      for (const old of await tx.clipsOfRo(roId)) {
        if (keep.has(old.objId) || old.deletedAt) continue;
        await tx.updateClip(old.objId, { deletedAt: now, changedAt: now });
        changed.push(old.objId);
      }
      if (doc) await tx.saveRo(doc, airStatus);
      else await tx.deleteRo(roId);
      return changed;
    });
  }
}

function derivedObjId(roId: string, storyId: string, itemId: string): string {
  return `CW-${createHash('sha256').update(`${roId}\u0000${storyId}\u0000${itemId}`).digest('hex').slice(0, 24)}`;
}

/** A clip at revision 0: the caller sets its content, which makes it revision 1. */
export function newClip(
  objId: string,
  roId: string | null,
  storyId: string | null,
  itemId: string | null,
  template: string,
  timeBase: number,
  now: Date,
): ClipEntity {
  return {
    objId,
    roId,
    storyId,
    itemId,
    slug: '',
    template,
    request: { template, data: null, aspects: [] },
    revision: 0,
    revisionHash: '',
    jobId: null,
    jobRevisionHash: null,
    status: 'PENDING',
    reportedStatus: null,
    reportedRevision: 0,
    duration: null,
    timeBase,
    outputName: null,
    thumbnail: null,
    error: null,
    origin: roId === null ? 'objCreate' : 'item',
    deletedAt: null,
    createdAt: now,
    changedAt: now,
  };
}

import {
  getMosTypes,
  IMOSAck,
  IMOSAckStatus,
  IMOSListMachInfo,
  IMOSObject,
  IMOSROAck,
  IMOSString128,
  MosDevice,
  MosModel,
} from '@mos-connection/connector';
import type { Logger } from 'pino';
import type { ObjectOutcome, ObjectService } from '../clip/object.service';
import type { MediaLinks } from '../http/media-links';
import * as ro from '../running-order/ro-model';
import type { Outcome, RundownService } from '../running-order/rundown.service';
import type { GatewayStore } from '../store/gateway.store';
import { clipToMosObject } from './mos-object';

const mosTypes = getMosTypes(false);
const s128 = (v: string) => mosTypes.mosString128.create(v.slice(0, 128));
const t = ro.text;

export interface HandlerDeps {
  mosId: string;
  rundown: RundownService;
  objects: ObjectService;
  store: GatewayStore;
  links: MediaLinks;
  logger: Logger;
  /** listMachInfo's fields (software revision, start time, the plug-in page for defaultActiveX). */
  machine: { swRev: string; startedAt: Date; pluginUrl: string; schemaUrl: string };
}

/** roAck: roStatus "OK", or the reason the message was refused (MOS 2.8.5 §4.1.1 roAck). */
function roAck(roId: IMOSString128 | string, outcome: Outcome): IMOSROAck {
  return {
    ID: typeof roId === 'string' ? s128(roId) : roId,
    Status: s128(outcome.ok ? 'OK' : outcome.reason),
    Stories: [],
  };
}

/** mosAck: ACK with the object's id, or NACK with the reason (MOS 2.8.5 §3.1.1 mosAck). */
function mosAck(outcome: ObjectOutcome | { ok: true; objId: string }, objId = ''): IMOSAck {
  return outcome.ok
    ? { ID: s128(outcome.objId), Revision: 0, Status: IMOSAckStatus.ACK, Description: s128('') }
    : { ID: s128(objId), Revision: 0, Status: IMOSAckStatus.NACK, Description: s128(outcome.reason) };
}

/** Thrown from a callback, a MosMessage is what @mos-connection sends back as the reply. */
function nack(reason: string, objId = '0'): MosModel.MOSAck {
  return new MosModel.MOSAck(
    { ID: s128(objId), Revision: 0, Status: IMOSAckStatus.NACK, Description: s128(reason) },
    false,
  );
}

/**
 * Wires one MosDevice's callbacks (profiles 0 to 4) to the gateway's services. No callback throws
 * anything but a NACK: an unexpected failure is logged with the message's ids and answered
 * with its reason, never by a dropped connection or a crash.
 */
export function bindDeviceHandlers(device: MosDevice, d: HandlerDeps): void {
  const apply = d.rundown.apply.bind(d.rundown);

  // Profile 0
  device.onRequestMachineInfo(async (): Promise<IMOSListMachInfo> => ({
    manufacturer: s128('Clipwright'),
    model: s128('Clipwright MOS gateway'),
    hwRev: s128('n/a'),
    swRev: s128(d.machine.swRev),
    DOM: s128('2025-11-21'),
    SN: s128(d.mosId),
    ID: s128(d.mosId),
    time: mosTypes.mosTime.create(Date.now()),
    opTime: mosTypes.mosTime.create(d.machine.startedAt),
    mosRev: s128('2.8.5'),
    supportedProfiles: {
      deviceType: 'MOS',
      profile0: true,
      profile1: true,
      profile2: true,
      profile3: true,
      profile4: true,
    },
    defaultActiveX: [
      {
        mode: 'CONTAINED' as never,
        controlFileLocation: d.machine.pluginUrl,
        controlSlug: s128('Clipwright clip'),
        controlName: 'clipwright.plugin',
        controlDefaultParams: `schema=${d.machine.schemaUrl}`,
      },
    ],
  }));
  device.onConnectionChange(() => undefined);

  // Profile 1
  device.onRequestMOSObject(async (objId) => {
    const clip = await d.store.getClip(String(objId));
    if (!clip || clip.deletedAt) {
      d.logger.warn({ message: 'mosReqObj', objId: String(objId) }, 'MOS message refused');
      throw nack(`object ${String(objId)} is unknown to this device`, String(objId));
    }
    return clipToMosObject(clip, d.mosId, d.links);
  });
  device.onRequestAllMOSObjects(async () =>
    (await d.store.liveClips()).map((c) => clipToMosObject(c, d.mosId, d.links)),
  );
  // mosObj / mosListAll from an NCS: objects are ours to describe, not theirs; acknowledged.
  device.onMOSObjects(async (objs) => mosAck({ ok: true, objId: t(objs[0]?.ID) }));

  // Profile 2
  device.onCreateRunningOrder(async (r) =>
    roAck(
      r.ID,
      await apply(
        'roCreate',
        { roId: t(r.ID) },
        (cur) => ({ doc: ro.roFromMos(r, cur ?? undefined) }),
        false,
      ),
    ),
  );
  device.onReplaceRunningOrder(async (r) =>
    roAck(
      r.ID,
      await apply('roReplace', { roId: t(r.ID) }, (cur) => ({ doc: ro.roFromMos(r, cur ?? undefined) })),
    ),
  );
  device.onDeleteRunningOrder(async (id) =>
    roAck(id, await apply('roDelete', { roId: t(id) }, () => ({ doc: null, airStatus: null }))),
  );
  device.onMetadataReplace(async (meta) =>
    roAck(
      meta.ID,
      await apply('roMetadataReplace', { roId: t(meta.ID) }, (cur) => ({
        doc: ro.replaceMetadata(cur as ro.RoDoc, meta),
      })),
    ),
  );
  device.onRequestRunningOrder(async (id) => {
    const row = await d.store.getRo(t(id));
    if (!row) d.logger.warn({ message: 'roReq', roId: t(id) }, 'MOS message refused');
    return row ? ro.roToMos(row.doc) : null;
  });
  device.onReadyToAir(async (a) =>
    roAck(
      a.ID,
      await apply('roReadyToAir', { roId: t(a.ID), airStatus: String(a.Status) }, (cur) => ({
        doc: cur,
        airStatus: String(a.Status),
      })),
    ),
  );
  const statusAck = async (roId: IMOSString128) => roAck(roId, { ok: true });
  device.onRunningOrderStatus(async (st) => statusAck(st.ID));
  device.onStoryStatus(async (st) => statusAck(st.RunningOrderId));
  device.onItemStatus(async (st) => statusAck(st.RunningOrderId));

  device.onROInsertStories(async (a, stories) =>
    roAck(
      a.RunningOrderID,
      await apply('roStoryInsert', { roId: t(a.RunningOrderID), storyId: t(a.StoryID) }, (cur) => ({
        doc: ro.insertStories(cur as ro.RoDoc, t(a.StoryID), stories),
      })),
    ),
  );
  device.onROReplaceStories(async (a, stories) =>
    roAck(
      a.RunningOrderID,
      await apply('roStoryReplace', { roId: t(a.RunningOrderID), storyId: t(a.StoryID) }, (cur) => ({
        doc: ro.replaceStory(cur as ro.RoDoc, t(a.StoryID), stories),
      })),
    ),
  );
  device.onROMoveStories(async (a, ids) =>
    roAck(
      a.RunningOrderID,
      await apply('roStoryMove', { roId: t(a.RunningOrderID), storyId: t(a.StoryID) }, (cur) => ({
        doc: ro.moveStories(cur as ro.RoDoc, t(a.StoryID), ids.map(t)),
      })),
    ),
  );
  device.onRODeleteStories(async (a, ids) =>
    roAck(
      a.RunningOrderID,
      await apply('roStoryDelete', { roId: t(a.RunningOrderID), storyIds: ids.map(t).join(',') }, (cur) => ({
        doc: ro.deleteStories(cur as ro.RoDoc, ids.map(t)),
      })),
    ),
  );
  device.onROSwapStories(async (a, s0, s1) =>
    roAck(
      a.RunningOrderID,
      await apply('roStorySwap', { roId: t(a.RunningOrderID) }, (cur) => ({
        doc: ro.swapStories(cur as ro.RoDoc, t(s0), t(s1)),
      })),
    ),
  );
  device.onROInsertItems(async (a, items) =>
    roAck(
      a.RunningOrderID,
      await apply(
        'roItemInsert',
        { roId: t(a.RunningOrderID), storyId: t(a.StoryID), itemId: t(a.ItemID) },
        (cur) => ({ doc: ro.insertItems(cur as ro.RoDoc, t(a.StoryID), t(a.ItemID), items) }),
      ),
    ),
  );
  device.onROReplaceItems(async (a, items) =>
    roAck(
      a.RunningOrderID,
      await apply(
        'roItemReplace',
        { roId: t(a.RunningOrderID), storyId: t(a.StoryID), itemId: t(a.ItemID) },
        (cur) => ({ doc: ro.replaceItem(cur as ro.RoDoc, t(a.StoryID), t(a.ItemID), items) }),
      ),
    ),
  );
  device.onROMoveItems(async (a, ids) =>
    roAck(
      a.RunningOrderID,
      await apply('roItemMove', { roId: t(a.RunningOrderID), storyId: t(a.StoryID) }, (cur) => ({
        doc: ro.moveItems(cur as ro.RoDoc, t(a.StoryID), t(a.ItemID), ids.map(t)),
      })),
    ),
  );
  device.onRODeleteItems(async (a, ids) =>
    roAck(
      a.RunningOrderID,
      await apply(
        'roItemDelete',
        { roId: t(a.RunningOrderID), storyId: t(a.StoryID), itemIds: ids.map(t).join(',') },
        (cur) => ({ doc: ro.deleteItems(cur as ro.RoDoc, t(a.StoryID), ids.map(t)) }),
      ),
    ),
  );
  device.onROSwapItems(async (a, i0, i1) =>
    roAck(
      a.RunningOrderID,
      await apply('roItemSwap', { roId: t(a.RunningOrderID), storyId: t(a.StoryID) }, (cur) => ({
        doc: ro.swapItems(cur as ro.RoDoc, t(a.StoryID), t(i0), t(i1)),
      })),
    ),
  );

  // Profile 3
  const create = async (obj: IMOSObject) => mosAck(await d.objects.create(obj));
  device.onObjectCreate(create);
  device.onRequestObjectActionNew(create);
  device.onRequestObjectActionUpdate(async (objId, obj) =>
    mosAck(await d.objects.update(t(objId), obj), t(objId)),
  );
  device.onRequestObjectActionDelete(async (objId) => mosAck(await d.objects.delete(t(objId)), t(objId)));
  device.onItemReplace(async (roId) =>
    roAck(roId, { ok: false, reason: 'mosItemReplace goes from a MOS to the NCS, not to a MOS' }),
  );
  device.onRequestSearchableSchema(async (username) => ({ username, mosSchema: d.machine.schemaUrl }));
  device.onRequestObjectList(async (q) => {
    const words = t(q.generalSearch).toLowerCase();
    const all = (await d.store.liveClips()).filter((c) => !words || c.slug.toLowerCase().includes(words));
    const start = Math.max(1, q.listReturnStart ?? 1);
    const end = Math.min(all.length, q.listReturnEnd ?? all.length);
    const list = all.slice(start - 1, end).map((c) => clipToMosObject(c, d.mosId, d.links));
    return {
      username: q.username,
      queryID: t(q.queryID),
      listReturnStart: start,
      listReturnEnd: start + list.length - 1,
      listReturnTotal: all.length,
      list,
    };
  });

  // Profile 4
  device.onRequestAllRunningOrders(async () => (await d.store.listRos()).map((r) => ro.roToMos(r.doc)));
  device.onRunningOrderStory(async (story) => {
    const roId = t(story.RunningOrderId);
    const storyId = t(story.ID);
    const body = ro.storyBodyOf(story);
    return roAck(
      story.RunningOrderId,
      await apply('roStorySend', { roId, storyId }, (cur) => ({
        doc: ro.setStoryBody(cur as ro.RoDoc, storyId, body.text, body.items),
      })),
    );
  });
}

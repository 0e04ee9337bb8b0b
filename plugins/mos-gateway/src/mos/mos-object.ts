import {
  getMosTypes,
  IMOSObject,
  IMOSObjectAirStatus,
  IMOSObjectPathType,
  IMOSObjectStatus,
  IMOSObjectType,
} from '@mos-connection/connector';
import type { MediaLinks } from '../http/media-links';
import type { ClipEntity } from '../store/gateway.entities';

const mosTypes = getMosTypes(false);

/**
 * A clip as a MOS object (MOS 2.8.5 §3.1.2 mosObj): duration in frames of its time base (objTB =
 * the template's frames per second), status READY once rendered, else NOT READY (a placeholder).
 * A ready object carries its clip as objPath and objProxyPath (the H.264 file is also the browse
 * proxy) and its thumbnail as a second objProxyPath described "JPEG thumbnail".
 */
export function clipToMosObject(clip: ClipEntity, mosId: string, links: MediaLinks): IMOSObject {
  const ready = clip.status === 'READY' && clip.outputName !== null;
  const s = (v: string) => mosTypes.mosString128.create(v.slice(0, 128));
  const obj: IMOSObject = {
    ID: s(clip.objId),
    Slug: s(clip.slug),
    Type: IMOSObjectType.VIDEO,
    TimeBase: clip.timeBase,
    Revision: clip.revision,
    Duration: ready && clip.duration !== null ? Math.round(clip.duration * clip.timeBase) : 0,
    Status: ready ? IMOSObjectStatus.READY : IMOSObjectStatus.NOT_READY,
    AirStatus: ready ? IMOSObjectAirStatus.READY : IMOSObjectAirStatus.NOT_READY,
    CreatedBy: s(mosId),
    Created: mosTypes.mosTime.create(clip.createdAt),
    ChangedBy: s(mosId),
    Changed: mosTypes.mosTime.create(clip.changedAt),
    Description:
      clip.status === 'ERROR' && clip.error
        ? `${clip.template}: ${clip.error}`
        : `Clipwright ${clip.template}`,
  };
  if (ready) {
    const video = links.url(clip.objId, 'clip.mp4', clip.revision);
    obj.Paths = [
      { Type: IMOSObjectPathType.PATH, Description: 'H.264 MP4', Target: video },
      { Type: IMOSObjectPathType.PROXY_PATH, Description: 'H.264 MP4', Target: video },
    ];
    if (clip.thumbnail)
      obj.Paths.push({
        Type: IMOSObjectPathType.PROXY_PATH,
        Description: 'JPEG thumbnail',
        Target: links.url(clip.objId, 'thumbnail.jpg', clip.revision),
      });
  }
  return obj;
}

import { getMosTypes, IMOSItemStatus, IMOSObject, IMOSObjectStatus } from '@mos-connection/connector';
import type { Logger } from 'pino';
import type { MediaLinks } from '../http/media-links';
import type { ClipEntity } from '../store/gateway.entities';
import type { GatewayStore } from '../store/gateway.store';
import { clipToMosObject } from './mos-object';

const mosTypes = getMosTypes(false);

/** What the reporter needs from the MOS link: send, or throw when no NCS answers. */
export interface MosSender {
  sendItemStatus(status: IMOSItemStatus): Promise<void>;
  sendObject(obj: IMOSObject): Promise<void>;
}

const RETRY_MS = 2000;

/**
 * Tells the NCS what changed, from the database rather than from events: each clip records what
 * the NCS last acknowledged (reportedStatus, reportedRevision), and a flush sends whatever differs.
 * A lost connection or a restart loses nothing and repeats nothing already acknowledged. Order per
 * clip: the mosObj of a new revision first, then the item's roElementStat, so an NCS told READY
 * already holds the object.
 */
export class StatusReporter {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly store: GatewayStore,
    private readonly sender: MosSender,
    private readonly links: MediaLinks,
    private readonly mosId: string,
    private readonly logger: Logger,
  ) {}

  /** Asks for a flush; returns when the flush it started (or joined) is done. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.flush();
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = null));
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private retryLater(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.kick();
    }, RETRY_MS);
  }

  private async flush(): Promise<void> {
    for (const clip of await this.store.liveClips()) {
      if (this.stopped) return;
      try {
        await this.report(clip);
      } catch (e) {
        this.logger.warn(
          { objId: clip.objId, roId: clip.roId, storyId: clip.storyId, itemId: clip.itemId, err: String(e) },
          'status not delivered to the NCS; will retry',
        );
        this.retryLater();
        return;
      }
    }
  }

  private async report(clip: ClipEntity): Promise<void> {
    const bound = clip.roId !== null && clip.storyId !== null && clip.itemId !== null;
    if (clip.status === 'READY' && clip.reportedRevision < clip.revision) {
      await this.sender.sendObject(clipToMosObject(clip, this.mosId, this.links));
      await this.store.updateClip(clip.objId, {
        reportedRevision: clip.revision,
        ...(bound ? {} : { reportedStatus: clip.status }),
      });
      this.logger.info({ objId: clip.objId, revision: clip.revision, status: 'READY' }, 'mosObj sent');
      if (!bound) return;
    }
    if (clip.reportedStatus === clip.status) return;
    if (!bound) {
      // A placeholder (mosObjCreate) no item names yet: its status travels as the object's.
      await this.sender.sendObject(clipToMosObject(clip, this.mosId, this.links));
      await this.store.updateClip(clip.objId, { reportedStatus: clip.status });
      this.logger.info({ objId: clip.objId, revision: clip.revision, status: clip.status }, 'mosObj sent');
      return;
    }
    await this.sender.sendItemStatus({
      RunningOrderId: mosTypes.mosString128.create(clip.roId),
      StoryId: mosTypes.mosString128.create(clip.storyId),
      ID: mosTypes.mosString128.create(clip.itemId),
      ObjectId: mosTypes.mosString128.create(clip.objId),
      // The protocol's status is a free string (MOS 2.8.5 §3.7.2); see clip-status in the README.
      Status: clip.status as unknown as IMOSObjectStatus,
      Time: mosTypes.mosTime.create(Date.now()),
    });
    await this.store.updateClip(clip.objId, { reportedStatus: clip.status });
    this.logger.info(
      {
        objId: clip.objId,
        roId: clip.roId,
        storyId: clip.storyId,
        itemId: clip.itemId,
        status: clip.status,
        revision: clip.revision,
      },
      'roElementStat sent',
    );
  }
}

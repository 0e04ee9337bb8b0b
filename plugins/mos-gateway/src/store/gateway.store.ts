import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import type { RoDoc } from '../running-order/ro-model';
import { ClipEntity, RenderEntity, RunningOrderEntity } from './gateway.entities';

/** The gateway's reads and writes (running-order mirror, clips, renders) over its own tables. */
export class GatewayStore {
  constructor(private readonly m: EntityManager) {}

  static of(ds: DataSource): GatewayStore {
    return new GatewayStore(ds.manager);
  }

  /** Runs `work` in one transaction: the mirror and its clips change together or not at all. */
  transaction<T>(work: (tx: GatewayStore) => Promise<T>): Promise<T> {
    return this.m.transaction((m) => work(new GatewayStore(m)));
  }

  async getRo(id: string): Promise<RunningOrderEntity | null> {
    return this.m.findOne(RunningOrderEntity, { where: { id } });
  }

  async listRos(): Promise<RunningOrderEntity[]> {
    return this.m.find(RunningOrderEntity, { order: { id: 'ASC' } });
  }

  async saveRo(doc: RoDoc, airStatus: string | null): Promise<void> {
    await this.m.save(RunningOrderEntity, { id: doc.id, doc, airStatus, updatedAt: new Date() });
  }

  async deleteRo(id: string): Promise<void> {
    await this.m.delete(RunningOrderEntity, { id });
  }

  async getClip(objId: string): Promise<ClipEntity | null> {
    return this.m.findOne(ClipEntity, { where: { objId } });
  }

  async clipOfItem(roId: string, storyId: string, itemId: string): Promise<ClipEntity | null> {
    return this.m.findOne(ClipEntity, { where: { roId, storyId, itemId } });
  }

  async clipsOfRo(roId: string): Promise<ClipEntity[]> {
    return this.m.find(ClipEntity, { where: { roId } });
  }

  /** Every clip not deleted, oldest first (mosReqAll, resume at boot). */
  async liveClips(): Promise<ClipEntity[]> {
    return this.m.find(ClipEntity, { where: { deletedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /** Deleted clips whose job may still run (cancelled at boot if so). */
  async deletedClipsWithJobs(): Promise<ClipEntity[]> {
    return this.m.find(ClipEntity, { where: { deletedAt: Not(IsNull()), jobId: Not(IsNull()) } });
  }

  async saveClip(clip: ClipEntity): Promise<void> {
    await this.m.save(ClipEntity, clip);
  }

  /** Writes only the given columns: a tracker and a MOS handler never overwrite each other's. */
  async updateClip(objId: string, change: Partial<Omit<ClipEntity, 'request'>>): Promise<void> {
    await this.m.update(ClipEntity, { objId }, change);
  }

  /** The rundown's columns of a clip (content, binding, status); never its job columns. */
  async updateClipContent(objId: string, change: Partial<ClipEntity>): Promise<void> {
    await this.m.update(ClipEntity, { objId }, change as Parameters<EntityManager['update']>[2]);
  }

  async getRender(jobId: string): Promise<RenderEntity | null> {
    return this.m.findOne(RenderEntity, { where: { jobId } });
  }

  async rendersOf(objId: string): Promise<RenderEntity[]> {
    return this.m.find(RenderEntity, { where: { objId }, order: { createdAt: 'ASC' } });
  }

  async saveRender(render: RenderEntity): Promise<void> {
    await this.m.save(RenderEntity, render);
  }

  async updateRender(jobId: string, change: Partial<RenderEntity>): Promise<void> {
    await this.m.update(RenderEntity, { jobId }, change);
  }
}

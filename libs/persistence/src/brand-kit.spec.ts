import type { DataSource } from 'typeorm';
import { BrandKitRepository } from './brand-kit.repository';
import { createDataSource, parseDatabaseUrl } from './data-source.factory';
import { JobRepository } from './job.repository';
import { WorkspaceRepository } from './workspace.repository';

describe('brand kits on SQLite (migrated)', () => {
  let ds: DataSource;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ds = await createDataSource(parseDatabaseUrl('sqlite::memory:'));
    const ws = new WorkspaceRepository(ds);
    a = (await ws.findOrCreate('brand-a')).id;
    b = (await ws.findOrCreate('brand-b')).id;
  });
  afterAll(() => ds.destroy());

  it('keeps one kit per workspace, replaced whole, unseen by another workspace', async () => {
    const kits = new BrandKitRepository(ds);
    expect(await kits.get(a)).toBeNull();
    await kits.save(a, { channelName: '上海新闻', colors: { accent: '#e4002b' } });
    await kits.save(a, { channelName: 'العربية 📰', font: 'DejaVu Sans' });
    expect(await kits.get(a)).toEqual({ channelName: 'العربية 📰', font: 'DejaVu Sans' });
    expect(await kits.get(b)).toBeNull();
  });

  it("stores a job's brand with the job, and null when it has none", async () => {
    const jobs = new JobRepository(ds);
    const base = {
      template: 'news-brief',
      data: {},
      select: null,
      aspects: ['16:9'],
      callbackUrl: null,
      idempotencyKey: null,
      requestHash: null,
      batchId: null,
    };
    const [branded] = await jobs.insert([jobs.newRow(a, { ...base, brand: { aiLabel: 'Made with AI' } })]);
    const [plain] = await jobs.insert([jobs.newRow(a, base)]);
    expect((await jobs.get(a, branded.id))?.brand).toEqual({ aiLabel: 'Made with AI' });
    expect((await jobs.get(a, plain.id))?.brand).toBeNull();
  });
});

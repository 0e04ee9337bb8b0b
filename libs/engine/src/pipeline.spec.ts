import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { layerKinds } from '@app/layers';
import { FfmpegExecutor } from '@app/media';
import { TemplateLoader } from '@app/templates';
import { RenderEngine } from './render.engine';
import { STAGES } from './stage';
import { FakeRunner, fakeVoice, loadTestTemplate, manifestWith, tempDir } from './testing/engine.testing';

jest.setTimeout(120_000);

describe('the pipeline, through RenderEngine (fake voice, fake process runner)', () => {
  let root: string;
  let engine: RenderEngine;
  let runner: FakeRunner;
  beforeAll(async () => {
    root = await tempDir('pipeline');
    const manifest = manifestWith(
      [
        {
          id: 'read',
          duration: 'speech',
          narration: 'About {{ data.place }}.',
          layers: [{ type: 'background' }],
        },
      ],
      {
        outputs: [{ aspect: '16:9', width: 320, height: 180 }],
        inputs: { schema: 'inputs.schema.json', collection: { items: '/items', id: '/id' } },
      },
    );
    await loadTestTemplate(path.join(root, 'templates'), manifest);
    await fs.writeFile(
      path.join(root, 'templates/test/inputs.schema.json'),
      JSON.stringify({ type: 'object', required: ['place'], properties: { place: { type: 'string' } } }),
    );
    runner = new FakeRunner({ width: 320, height: 180, duration: 1.1 });
    engine = new RenderEngine({
      templates: new TemplateLoader(path.join(root, 'templates')),
      kinds: layerKinds,
      speech: [fakeVoice()],
      ffmpeg: new FfmpegExecutor(runner),
      finishMp4: async (file, input) => {
        runner.finished.push({ file, input });
        return { bytes: 0, xmp: true, aigc: true, c2pa: { signed: false } };
      },
    });
  });
  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  const feed = {
    items: [
      { id: 'a', place: 'Hualien' },
      { id: 'b', place: '  ' },
      { id: 'c', place: 'Lima' },
    ],
  };

  it('runs the stages in order under their one name, times each, and leaves only finished files', async () => {
    const events: [string, number][] = [];
    const [item] = await engine.render({
      templateId: 'test',
      data: feed,
      dataSource: 'feed.json',
      select: 'c',
      outDir: path.join(root, 'one'),
      onProgress: (e) => events.push([e.stage, e.fraction]),
    });
    expect([...new Set(events.map(([s]) => s))]).toEqual(STAGES);
    expect(events.map(([, f]) => f)).toEqual([...events.map(([, f]) => f)].sort((a, b) => a - b));
    expect(events[events.length - 1][1]).toBe(1);
    expect(Object.keys(item.result.stages)).toEqual(STAGES);
    expect(item.result.script).toBe('About Lima.');
    expect((await fs.readdir(root)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('stops between stages when cancelled, leaving nothing behind', async () => {
    const controller = new AbortController();
    const out = path.join(root, 'cancelled');
    const run = engine.render({
      templateId: 'test',
      data: feed,
      dataSource: 'feed.json',
      select: '0',
      outDir: out,
      signal: controller.signal,
      onProgress: (e) => e.stage === 'caption' && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await fs.readdir(root)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('renders each item of a feed on its own: a bad one fails alone with its code and path', async () => {
    const outcomes = await engine.renderEach({
      templateId: 'test',
      data: feed,
      dataSource: 'feed.json',
      outDir: path.join(root, 'feed'),
    });
    expect(
      outcomes.map((o) => [o.id, o.status, o.error?.code, o.error?.path, path.basename(o.outDir)]),
    ).toEqual([
      ['a', 'done', undefined, undefined, 'a'],
      ['b', 'failed', 'DATA_SCHEMA_MISMATCH', '$.items[1].place', 'b'],
      ['c', 'done', undefined, undefined, 'c'],
    ]);
    expect(outcomes[1].error?.message).toBe(
      'The data does not fit the template: $.items[1].place is required but blank',
    );
    expect((await fs.readdir(path.join(root, 'feed'))).sort()).toEqual(['a', 'c']);
  });

  it('names the request fields the caller uses in its errors', async () => {
    const request = { templateId: 'test', data: feed, dataSource: 'feed.json', outDir: path.join(root, 'x') };
    await expect(
      engine.render({ ...request, aspects: ['4:3'], names: { aspects: '--aspect' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: '--aspect',
      message: 'The template has no 4:3 output; it renders 16:9',
    });
    await expect(engine.render({ ...request, select: '9' })).rejects.toMatchObject({
      code: 'SELECT_OUT_OF_RANGE',
      path: 'select',
    });
    await expect(
      engine.render({ ...request, templateId: 'nope', names: { template: '--template' } }),
    ).rejects.toMatchObject({
      code: 'TEMPLATE_NOT_FOUND',
      path: '--template',
    });
  });
});

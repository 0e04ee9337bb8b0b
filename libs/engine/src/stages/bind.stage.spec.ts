import { createCanvas } from '@napi-rs/canvas';
import { jobFor, loadTestTemplate, manifestWith, useWorkspace } from '../testing/engine.testing';
import { bind } from './bind.stage';

const png = (): Buffer => createCanvas(40, 30).toBuffer('image/png');

jest.setTimeout(60_000);

describe('bind stage', () => {
  const ws = useWorkspace('bind');

  const scenes = [
    {
      id: 'open',
      duration: 2,
      layers: [{ type: 'title', kicker: 'News', title: '{{ data.place }}', image: '{{ data.photo }}' }],
    },
    {
      id: 'read',
      duration: 'speech',
      narration: 'It happened in {{ data.place }} .',
      layers: [{ type: 'background' }],
    },
  ];

  it("renders each scene's narration and every layer's texts, and reads each picture once", async () => {
    const template = await loadTestTemplate(ws.root, manifestWith(scenes));
    const reads: string[] = [];
    const job = jobFor(template, ws.work, {
      item: { index: 0, id: 'a', path: '$', data: { place: 'Hualien', photo: 'quake.png' } },
      images: async (ref) => (reads.push(ref), png()),
    });
    const { bound, resources } = await bind(job);
    expect(bound.script).toBe('It happened in Hualien.');
    expect(bound.scenes.map((s) => s.narration)).toEqual(['', 'It happened in Hualien.']);
    expect(bound.scenes[0].layers[0]).toMatchObject({
      type: 'title',
      at: '$.scenes[0].layers[0]',
      value: { kicker: 'News', title: 'Hualien', image: { ref: 'quake.png', fromData: true } },
    });
    expect(reads).toEqual(['quake.png']);
    expect((resources.get('scenes[0].layers[0]') as { width: number }).width).toBe(40);
  });

  it('removes control characters from the data before binding (a bell, a NUL, C1 codes)', async () => {
    const template = await loadTestTemplate(ws.root, manifestWith(scenes));
    const job = jobFor(template, ws.work, {
      item: {
        index: 0,
        id: 'a',
        path: '$',
        data: { place: 'Hua\u0007lien\u0000\u009b', photo: 'quake.png' },
      },
      images: async () => png(),
    });
    const { bound } = await bind(job);
    expect(bound.script).toBe('It happened in Hualien.');
    expect(bound.scenes[0].layers[0].value).toMatchObject({ title: 'Hualien' });
  });

  it('fails before any voice when a speech scene has nothing to read for this item', async () => {
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([{ ...scenes[1], narration: '{{ data.missing }}' }]),
    );
    await expect(bind(jobFor(template, ws.work))).rejects.toMatchObject({
      code: 'TEMPLATE_RENDER_FAILED',
      path: 'templates/test/template.json#$.scenes[0].narration',
    });
  });

  it.each([
    [
      'a file that is not a picture',
      async () => Buffer.from('not a picture'),
      'IMAGE_UNREADABLE',
      'templates/test/template.json#$.scenes[0].layers[0].image',
    ],
    [
      'a reference nobody serves',
      undefined,
      'ASSET_NOT_FOUND',
      'templates/test/template.json#$.scenes[0].layers[0].image',
    ],
  ])('refuses %s, naming where it came from', async (_what, images, code, at) => {
    const template = await loadTestTemplate(ws.root, manifestWith(scenes));
    const job = jobFor(template, ws.work, {
      item: { index: 0, id: 'a', path: '$', data: { place: 'Hualien', photo: 'quake.png' } },
      images,
    });
    await expect(bind(job)).rejects.toMatchObject({ code, path: at });
  });

  it('reads a picture the template names from its own folder', async () => {
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([{ id: 'open', duration: 2, layers: [{ type: 'image', src: 'map.png' }] }]),
      { 'map.png': png() },
    );
    const { resources } = await bind(jobFor(template, ws.work));
    expect((resources.get('scenes[0].layers[0]') as { height: number }).height).toBe(30);
  });
});

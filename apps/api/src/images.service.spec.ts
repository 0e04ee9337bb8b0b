import type { GenerateOffer } from '@app/queue';
import { ImagesService } from './images.service';

const WS = '01900000-0000-7000-8000-000000000001';
const ASSET = '01900000-0000-7000-8000-0000000000aa';

/** The service with its collaborators swapped: what it would store, and what the workers offer. */
function setup(offer: GenerateOffer | null | Error) {
  const accepted: { job: Record<string, unknown>; hash: string; key?: string }[] = [];
  const jobs = {
    accept: async (_ws: string, job: Record<string, unknown>, hash: string, key?: string) => {
      accepted.push({ job, hash, key });
      return { job: { id: 'j', ...job } as never, created: true };
    },
    checkCallbackUrl: async () => undefined,
  };
  const ads = {
    offer: async () => {
      if (offer instanceof Error) throw offer;
      return offer;
    },
  };
  const assets = { existing: async (_ws: string, ids: string[]) => new Set(ids.filter((i) => i === ASSET)) };
  return { service: new ImagesService(jobs as never, assets, ads, 200), accepted };
}

const offered: GenerateOffer = {
  workers: [{ worker: 'gpu-1', provider: 'cuda', cudaInstalled: true, at: 1 }],
  models: [{ id: 'sd-turbo', family: 'sd-turbo', modes: ['text-to-image'], providers: ['cuda'] }],
  upscalers: ['realesrgan-x4'],
};

describe('ImagesService', () => {
  it('queues an image job (kind image, the model as its template) with the validated parameters', async () => {
    const { service, accepted } = setup(offered);
    await service.create(WS, { model: 'sd-turbo', prompt: '港口 🌅', width: 512, height: 512 }, 'k1');
    expect(accepted).toEqual([
      {
        job: expect.objectContaining({
          kind: 'image',
          template: 'sd-turbo',
          data: { model: 'sd-turbo', prompt: '港口 🌅', width: 512, height: 512 },
          callbackUrl: null,
        }),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        key: 'k1',
      },
    ]);
  });

  it('refuses a model no advertising worker has, but accepts any when none advertises or Redis is down', async () => {
    await expect(
      setup(offered).service.create(WS, { model: 'sdxl', prompt: 'x' }, undefined),
    ).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      path: '$.model',
    });
    await expect(
      setup(offered).service.createUpscale(WS, { model: 'x2', image: `asset:${ASSET}` }, undefined),
    ).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', path: '$.model' });
    for (const nobody of [null, new Error('connect ECONNREFUSED')]) {
      const { service, accepted } = setup(nobody);
      await service.create(WS, { model: 'sdxl', prompt: 'x' }, undefined);
      expect(accepted).toHaveLength(1);
    }
  });

  it('names the field at fault: parameters, pictures of another workspace, the callback', async () => {
    const { service } = setup(offered);
    const cases: [unknown, string, string][] = [
      [{ model: 'sd-turbo', prompt: 'x', width: 500 }, 'IMAGE_REQUEST_INVALID', '$.width'],
      [{ model: 'sd-turbo', prompt: 'x', steps: 151 }, 'IMAGE_REQUEST_INVALID', '$.steps'],
      [{ model: 'sd-turbo', prompt: 'x', image: 'https://example.com/a.png' }, 'ASSET_NOT_FOUND', '$.image'],
      [
        {
          model: 'sd-turbo',
          prompt: 'x',
          image: `asset:${ASSET}`,
          mask: `asset:${ASSET.replace('aa', 'bb')}`,
        },
        'ASSET_NOT_FOUND',
        '$.mask',
      ],
      [{ model: 'sd-turbo', prompt: 'x', callbackUrl: 42 }, 'IMAGE_REQUEST_INVALID', '$.callbackUrl'],
    ];
    for (const [body, code, path] of cases)
      await expect(service.create(WS, body, undefined)).rejects.toMatchObject({ code, path });
    await expect(service.createUpscale(WS, { model: 'realesrgan-x4' }, undefined)).rejects.toMatchObject({
      code: 'IMAGE_REQUEST_INVALID',
      path: '$.image',
    });
  });
});

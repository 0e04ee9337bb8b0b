import { ApiError } from './api.error';
import { BrandService } from './brand.service';
import { parseFontFamilies } from '@app/core';
import { FontCatalog } from './font.catalog';
import type { BrandKit } from '@app/persistence';

const WS_A = '019ad3c2-0000-7000-8000-00000000000a';
const WS_B = '019ad3c2-0000-7000-8000-00000000000b';
const LOGO = '019ad3c2-6b1e-7a51-9c2f-3f6f0f7e2a10';
const WAV = '019ad3c2-6b1e-7a51-9c2f-3f6f0f7e2a11';

const FC_LIST = 'DejaVu Sans\nNoto Sans CJK JP,Noto Sans CJK JP Regular\nNoto Sans\\-Mono\nDejaVu Sans\n';

function service() {
  const kits = new Map<string, BrandKit>();
  const assets = new Map([
    [`${WS_A}/${LOGO}`, { contentType: 'image/png' }],
    [`${WS_A}/${WAV}`, { contentType: 'audio/wav' }],
  ]);
  const svc = new BrandService(
    {
      get: async (ws) => kits.get(ws) ?? null,
      save: async (ws, kit) => (kits.set(ws, kit), kit),
    },
    { get: (async (ws: string, id: string) => assets.get(`${ws}/${id}`) ?? null) as never },
    new FontCatalog(async () => FC_LIST),
  );
  return { svc, kits };
}

async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; path?: string; message: string; status: number }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('BrandService', () => {
  const full: BrandKit = {
    channelName: '上海新闻 · العربية 📰',
    logo: `asset:${LOGO}`,
    colors: { accent: '#E4002B', background: '#101820', text: '#ffffff' },
    font: 'Noto Sans CJK JP',
    aiLabel: 'AI-generated',
  };

  it('saves a full kit per workspace and hands it to new jobs; another workspace sees none', async () => {
    const { svc } = service();
    expect(await svc.get(WS_A)).toEqual({});
    expect(await svc.forJob(WS_A)).toBeNull();
    expect(await svc.save(WS_A, full)).toEqual(full);
    expect(await svc.get(WS_A)).toEqual(full);
    expect(await svc.forJob(WS_A)).toEqual(full);
    expect(await svc.get(WS_B)).toEqual({});
    await svc.save(WS_A, {});
    expect(await svc.forJob(WS_A)).toBeNull();
  });

  it.each([
    [{ colors: { accent: 'red' } }, '$.colors.accent', 'INVALID_ARGUMENT', /#rrggbb/],
    [{ colors: { accent: '#12345' } }, '$.colors.accent', 'INVALID_ARGUMENT', /#rrggbb/],
    [{ colors: { shadow: '#123456' } }, '$.colors.shadow', 'INVALID_ARGUMENT', /not allowed/],
    [{ channelName: '   ' }, '$.channelName', 'INVALID_ARGUMENT', /not blank/],
    [{ channelName: 'a\u0000b' }, '$.channelName', 'INVALID_ARGUMENT', /control/],
    [{ channelName: 'x'.repeat(61) }, '$.channelName', 'INVALID_ARGUMENT', /60/],
    [{ aiLabel: null }, '$.aiLabel', 'INVALID_ARGUMENT', /string/],
    [{ logo: 'https://evil.example/logo.png' }, '$.logo', 'INVALID_ARGUMENT', /asset:<id>/],
    [{ logo: `asset:${WAV}` }, '$.logo', 'INVALID_ARGUMENT', /audio\/wav/],
    [{ font: 'Comic Sans MS' }, '$.font', 'INVALID_ARGUMENT', /GET \/v1\/fonts/],
    [{ theme: 'dark' }, '$.theme', 'INVALID_ARGUMENT', /not allowed/],
  ])('refuses %j at its field and stores nothing', async (body, path, code, message) => {
    const { svc, kits } = service();
    const e = await failure(svc.save(WS_A, body));
    expect([e.status, e.code, e.path]).toEqual([400, code, path]);
    expect(e.message).toMatch(message);
    expect(kits.size).toBe(0);
  });

  it("refuses another workspace's logo as not found", async () => {
    const { svc } = service();
    const e = await failure(svc.save(WS_B, { logo: `asset:${LOGO}` }));
    expect([e.code, e.path]).toEqual(['ASSET_NOT_FOUND', '$.logo']);
  });

  it('refuses a body that is not an object', async () => {
    const { svc } = service();
    expect((await failure(svc.save(WS_A, [1]))).path).toBe('$');
    expect((await failure(svc.save(WS_A, null))).path).toBe('$');
  });
});

describe('parseFontFamilies', () => {
  it('lists every family and alias once, sorted, with escapes removed', () => {
    expect(parseFontFamilies(FC_LIST)).toEqual([
      'DejaVu Sans',
      'Noto Sans CJK JP',
      'Noto Sans CJK JP Regular',
      'Noto Sans-Mono',
    ]);
  });

  it('runs fc-list once per process and again after a failure', async () => {
    let runs = 0;
    const fonts = new FontCatalog(async () => {
      runs++;
      if (runs === 1) throw new Error('fc-list missing');
      return FC_LIST;
    });
    await expect(fonts.list()).rejects.toThrow('fc-list missing');
    expect(await fonts.has('DejaVu Sans')).toBe(true);
    expect(await fonts.has('Comic Sans MS')).toBe(false);
    expect(runs).toBe(2);
  });
});

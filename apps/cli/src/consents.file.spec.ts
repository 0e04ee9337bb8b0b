import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readConsentsFile } from './consents.file';

describe('the CLI consents file', () => {
  let dir: string;
  beforeAll(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-consents-'))));
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  async function write(name: string, value: unknown): Promise<string> {
    const file = path.join(dir, name);
    await fs.writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  }

  const consent = {
    subject: '王小明',
    scope: { presenterIds: ['ada'], commercial: true },
    grantedAt: '2026-01-01T00:00:00Z',
    evidence: { ref: 'contracts/014.pdf' },
  };

  it('reads the workspace and its records as the API would, with ids and revocations', async () => {
    const file = await write('ok.json', {
      workspace: { id: 'newsroom', name: 'Newsroom 7', commercial: true, labelProfile: 'cn' },
      consents: [consent, { ...consent, id: 'r-2', revokedAt: '2026-02-01T00:00:00Z' }],
    });
    const read = await readConsentsFile(file);
    expect(read.workspace).toEqual({
      id: 'newsroom',
      name: 'Newsroom 7',
      commercial: true,
      labelProfile: 'cn',
    });
    expect(
      read.consents!.map((c) => [c.id, c.workspaceId, c.subject, c.revokedAt?.toISOString() ?? null]),
    ).toEqual([
      ['consent-1', 'newsroom', '王小明', null],
      ['r-2', 'newsroom', '王小明', '2026-02-01T00:00:00.000Z'],
    ]);
    expect(read.consents![0].scope).toEqual({ presenterIds: ['ada'], voiceIds: [], commercial: true });
  });

  it('defaults to a local, non-commercial workspace without a profile of its own', async () => {
    const read = await readConsentsFile(await write('bare.json', {}));
    expect(read).toEqual({ workspace: { id: 'local', commercial: false }, consents: [] });
  });

  it.each([
    ['a bad date', { consents: [{ ...consent, grantedAt: 'soon' }] }, '#$.consents[0].grantedAt'],
    ['no scope ids', { consents: [{ ...consent, scope: { commercial: false } }] }, '#$.consents[0].scope'],
    ['a bad revokedAt', { consents: [{ ...consent, revokedAt: 7 }] }, '#$.consents[0].revokedAt'],
    ['an unknown profile', { workspace: { labelProfile: 'us' } }, '#$.workspace.labelProfile'],
    ['an unknown field', { consent: [] }, '#$.consent'],
  ])('refuses %s, naming the file and the JSON path', async (_, value, at) => {
    const file = await write('bad.json', value);
    await expect(readConsentsFile(file)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: `${file}${at}`,
    });
  });

  it('reports a file that is not JSON with the data reader\u2019s code', async () => {
    await expect(readConsentsFile(await write('broken.json', '{"consents": ['))).rejects.toMatchObject({
      code: 'DATA_INVALID_JSON',
    });
  });
});

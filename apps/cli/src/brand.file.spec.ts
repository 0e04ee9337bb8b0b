import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@app/core';
import { readBrandFile, withBrandLogo } from './brand.file';

describe('--brand brand.json', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-brand-'));
    await fs.mkdir(path.join(dir, 'kit'));
    await fs.writeFile(path.join(dir, 'kit', 'logo.png'), 'LOGO');
    await fs.writeFile(path.join(dir, 'photo.jpg'), 'PHOTO');
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads the brand; its logo comes from beside brand.json, every other picture from the data folder', async () => {
    const file = path.join(dir, 'kit', 'brand.json');
    await fs.writeFile(file, JSON.stringify({ channelName: 'Shop TV', logo: 'logo.png' }));
    const brand = await readBrandFile(file);
    expect(brand.brand).toEqual({ channelName: 'Shop TV', logo: 'logo.png' });
    const images = withBrandLogo(async (ref) => Buffer.from(`data:${ref}`), brand);
    expect((await images('logo.png')).toString()).toBe('LOGO');
    expect((await images('photo.jpg')).toString()).toBe('data:photo.jpg');
  });

  it('refuses a colour that is not #rrggbb on its field, and a file that is not JSON', async () => {
    const file = path.join(dir, 'bad.json');
    await fs.writeFile(file, JSON.stringify({ colors: { accent: 'red' } }));
    await expect(readBrandFile(file)).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      path: 'bad.json.colors.accent',
    });
    await fs.writeFile(file, '{ nope');
    await expect(readBrandFile(file)).rejects.toMatchObject({ code: expect.any(String) });
  });

  it('keeps the logo inside its folder', async () => {
    const file = path.join(dir, 'kit', 'escape.json');
    await fs.writeFile(file, JSON.stringify({ logo: '../photo.jpg' }));
    const images = withBrandLogo(async () => Buffer.from('x'), await readBrandFile(file));
    await expect(images('../photo.jpg')).rejects.toMatchObject({ code: ErrorCode.PathEscapes });
  });
});

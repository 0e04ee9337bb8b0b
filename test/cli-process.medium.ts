/** The installed command as a separate process: exit codes and messages are its contract with scripts. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin/clipwright.js');

function clipwright(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // npm install builds dist/ (the prepare script); build here too when a checkout has not yet.
  if (!existsSync(path.join(root, 'dist/apps/cli/src/main.js'))) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  }
});

describe('clipwright (process)', () => {
  it('lists the templates', () => {
    const r = clipwright('templates');
    expect(r.code).toBe(0);
    // One line a template folder: id, title, aspects.
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('news-brief\tEarthquake news brief\t16:9,9:16,1:1,4:5');
    expect(lines.map((l) => l.split('\t')[0])).toEqual(
      readdirSync(path.join(root, 'templates'), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort(),
    );
  });

  it('exits 2 with one line naming the code and the path at fault, no stack trace', () => {
    const r = clipwright(
      'render',
      '--template',
      'news-brief',
      '--data',
      'templates/news-brief/sample.geojson',
      '--select',
      '9',
      '--out',
      '/tmp/never',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error SELECT_OUT_OF_RANGE: --select 9 is out of range: the data holds 2 items (0..1) (at --select)\n',
    );
    expect(existsSync('/tmp/never')).toBe(false);
  });

  it('reads an image next to the data file only: one out of its folder or not an image exits 2 before any work', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-cli-image-'));
    const feed = JSON.parse(readFileSync(path.join(root, 'templates/news-brief/sample.geojson'), 'utf8'));
    const withImage = (image: string) => {
      const file = path.join(dir, 'quake.geojson');
      feed.features[0].properties.image = image;
      writeFileSync(file, JSON.stringify(feed));
      return file;
    };
    writeFileSync(path.join(dir, 'notes.png'), 'plain text, not a picture');
    for (const [image, expected] of [
      ['../../etc/passwd', 'error PATH_ESCAPES: The image "../../etc/passwd" points outside its folder'],
      ['notes.png', 'error IMAGE_UNREADABLE: image "notes.png": is not a PNG, JPEG or WebP image'],
    ]) {
      const r = clipwright(
        'render',
        '--template',
        'news-brief',
        '--data',
        withImage(image),
        '--select',
        '0',
        '--out',
        path.join(dir, 'out'),
      );
      const error = r.stderr.split('\n').find((l) => l.startsWith('error '));
      expect([r.code, error?.split(' (at ')[0]]).toEqual([2, expected]);
      expect(r.stderr).not.toMatch(/speak/); // refused before the voice, let alone the encode
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 on an internal failure (a program it needs is missing)', () => {
    const r = spawnSync(
      process.execPath,
      [
        bin,
        'render',
        '--template',
        'news-brief',
        '--data',
        'templates/news-brief/sample.geojson',
        '--select',
        '0',
        '--out',
        '/tmp/never',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ESPEAK_PATH: '/nonexistent/espeak-ng' } },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error TOOL_MISSING: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCaptured } from './cli.testing';
import type { ValidateReport } from './validate.command';

const templates = path.resolve(__dirname, '../../../templates');

/** A copy of news-brief with `edit` applied to its template.json and `script` as its script. */
async function broken(
  root: string,
  edit: (m: { scenes: { layers: Record<string, unknown>[] }[] }) => void,
  script?: string,
): Promise<string> {
  const dir = path.join(root, 'news-brief');
  await fs.cp(path.join(templates, 'news-brief'), dir, { recursive: true });
  const file = path.join(dir, 'template.json');
  const m = JSON.parse(await fs.readFile(file, 'utf8'));
  edit(m);
  await fs.writeFile(file, JSON.stringify(m, null, 2));
  if (script !== undefined) await fs.writeFile(path.join(dir, 'script.liquid'), script);
  return dir;
}

describe('clipwright validate <template-dir>', () => {
  let root: string;
  beforeEach(async () => (root = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-validate-'))));
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('exits 0 on the shipped template', async () => {
    const run = await runCliCaptured(['validate', path.join(templates, 'news-brief')]);
    expect(run).toMatchObject({ code: 0, out: '' });
    expect(run.err).toContain('no problems');
  });

  it('reports every schema error at once, a misspelled kind with the nearest one', async () => {
    const dir = await broken(root, (m) => {
      m.scenes[1].layers[0].type = 'backgrund';
      m.scenes[1].layers[3].title = 5;
      (m as unknown as { fps: number }).fps = 29;
    });
    const run = await runCliCaptured(['validate', dir, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.out) as ValidateReport;
    // Named where the user's copy is, not where the shipped template is.
    const at = (p: string) => `${dir}/template.json#${p}`;
    expect(report.problems.map((p) => p.path)).toEqual([
      at('$.fps'),
      at('$.scenes[1].layers[0].type'),
      at('$.scenes[1].layers[3].title'),
    ]);
    expect(report.problems[1].message).toMatch(/no layer kind "backgrund"; did you mean "background"\?/);
  });

  it("reports Liquid problems with file, line and column, and the layers' own checks, together", async () => {
    const dir = await broken(
      root,
      (m) => {
        m.scenes[1].layers[3].title = 'Quake {{ data.properties.mag | fixd: 1 }}';
        m.scenes[1].layers[1].id = 'nobody';
      },
      'An earthquake struck {{ data.properties.place }}.\nAt {{ data.propertes.time }} and {{ dat.id }}.',
    );
    const run = await runCliCaptured(['validate', dir]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('4 problem(s)');
    const lines = run.out.trim().split('\n');
    expect(lines).toEqual([
      `TEMPLATE_INVALID ${dir}/script.liquid:2:7: undefined variable data.propertes.time: "propertes" is not in the input schema`,
      expect.stringMatching(/script.liquid:2:37: undefined variable dat.id: "dat" is not in scope/),
      expect.stringMatching(/^PRESENTER_NOT_FOUND .*\$\.scenes\[1\]\.layers\[1\]\.id/),
      expect.stringMatching(
        /template.json#\$.scenes\[1\].layers\[3\].title:1:7: the Liquid does not parse: undefined filter: fixd \(did you mean "fixed"\?\)$/,
      ),
    ]);
  });

  it('says so for a folder that holds no template', async () => {
    const run = await runCliCaptured(['validate', root]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/TEMPLATE_NOT_FOUND: .* is not a template folder/);
  });
});

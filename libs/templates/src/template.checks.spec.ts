import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dropBlankStrings } from './blank-strings';
import { InputValidator } from './schema.validator';
import { TemplateLoader } from './template.loader';

const templatesDir = path.resolve(__dirname, '../../../templates');
const presentersDir = path.resolve(__dirname, '../../../models/presenters');

type Manifest = { scenes: Record<string, unknown>[] & { layers: Record<string, unknown>[] }[] };

describe('a template is checked whole when it loads, errors naming the field', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-checks-'));
    await fs.cp(path.join(templatesDir, 'news-brief'), path.join(dir, 'news-brief'), { recursive: true });
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  async function loadWith(edit: (m: Manifest) => void) {
    const file = path.join(dir, 'news-brief/template.json');
    const m = JSON.parse(await fs.readFile(file, 'utf8')) as Manifest;
    edit(m);
    await fs.writeFile(file, JSON.stringify(m));
    return new TemplateLoader(dir, { presentersDir }).load('news-brief');
  }
  const at = (p: string) => `templates/news-brief/template.json#${p}`;

  it('loads the news brief, with its narration and the kinds it was checked with', async () => {
    const t = await loadWith(() => undefined);
    expect(t.narrations[0]).toBeUndefined();
    expect(t.narrations[1]).toContain('A magnitude');
    expect(t.kinds.map((k) => k.type)).toContain('presenter');
  });

  it.each<[string, (m: Manifest) => void, string, string, RegExp]>([
    [
      'a presenter that does not exist',
      (m) => (m.scenes[1].layers[1].id = 'nobody'),
      'PRESENTER_NOT_FOUND',
      '$.scenes[1].layers[1].id',
      /unknown presenter "nobody"; available: .*ada/,
    ],
    [
      'a placement for an output the template lacks',
      (m) => (m.scenes[1].layers[1].placement = { '4:3': 'pip' }),
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[1].placement["4:3"]',
      /no 4:3 output/,
    ],
    [
      'a placement that is not one',
      (m) => (m.scenes[1].layers[1].placement = { '16:9': 'ceiling' }),
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[1].placement["16:9"]',
      /must be one of/,
    ],
    [
      'a placement that leaves the presenter a speck on one output',
      (m) => {
        (m as unknown as { outputs: unknown[] }).outputs.push({ aspect: '1:3', width: 1080, height: 3240 });
        m.scenes[1].layers[1].placement = { '1:3': 'pip' };
      },
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[1].placement["1:3"]',
      /"pip" leaves the presenter's head \d+ px tall on the 1:3 output \(1080x3240\); it must be at least 260 px/,
    ],
    [
      'a presenter in a scene without narration',
      (m) => m.scenes[0].layers.push({ type: 'presenter', id: 'ada' }),
      'TEMPLATE_INVALID',
      '$.scenes[0].layers[1]',
      /reads its scene's narration, and scene "open" has none/,
    ],
    [
      'a speech scene without narration',
      (m) => delete m.scenes[1].narration,
      'TEMPLATE_INVALID',
      '$.scenes[1].duration',
      /has none/,
    ],
    [
      'a media scene without media',
      (m) => (m.scenes[0].duration = 'media'),
      'TEMPLATE_INVALID',
      '$.scenes[0].duration',
      /timed media/,
    ],
    [
      'an auto scene with nothing timed',
      (m) => (m.scenes[0].duration = 'auto'),
      'TEMPLATE_INVALID',
      '$.scenes[0].duration',
      /narration or a layer with an end/,
    ],
    [
      'a transition into the first scene',
      (m) => (m.scenes[0].transition = { type: 'wipe' }),
      'TEMPLATE_INVALID',
      '$.scenes[0].transition',
      /nothing before it/,
    ],
    [
      'two scenes of one name',
      (m) => (m.scenes[1].id = 'open'),
      'TEMPLATE_INVALID',
      '$.scenes[1].id',
      /second scene is called "open"/,
    ],
    [
      'narration Liquid that does not parse',
      (m) => (m.scenes[0].narration = 'Hello {% if %}'),
      'TEMPLATE_INVALID',
      '$.scenes[0].narration',
      /does not parse/,
    ],
    [
      'layer Liquid that does not parse',
      (m) => (m.scenes[0].layers[0].title = '{{ data.x | nope }}'),
      'TEMPLATE_INVALID',
      '$.scenes[0].layers[0].title',
      /undefined filter: nope/,
    ],
    [
      'a template picture that is not there',
      (m) => m.scenes[0].layers.push({ type: 'image', src: 'assets/missing.jpg' }),
      'ASSET_NOT_FOUND',
      '$.scenes[0].layers[1].src',
      /not a file of the template folder/,
    ],
    [
      'an unknown layer kind',
      (m) => (m.scenes[1].layers[0].type = 'hologram'),
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[0].type',
      /no layer kind "hologram" \(kinds: background, title/,
    ],
    [
      'a misspelled layer kind, naming the nearest',
      (m) => (m.scenes[1].layers[0].type = 'backgruond'),
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[0].type',
      /no layer kind "backgruond"; did you mean "background"\?/,
    ],
    [
      'a caption style that does not exist',
      (m) => (m.scenes[1].layers[4].style = 'karaoke'),
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[4].style',
      /broadcast|social/,
    ],
    [
      'a caption style colour that is not one',
      (m) => (m.scenes[1].layers[4].style = { base: 'social', textColour: 'red' }),
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[4].style.textColour',
      /pattern|colour/,
    ],
    [
      'a caption style font name that would break the ASS style line',
      (m) => (m.scenes[1].layers[4].style = { base: 'broadcast', fontName: 'Noto,Bold}{\\an8' }),
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[4].style.fontName',
      /pattern|font family/,
    ],
    [
      'a caption style scaled out of range',
      (m) => (m.scenes[1].layers[4].style = { base: 'broadcast', fontScale: 5 }),
      'TEMPLATE_INVALID',
      '$.scenes[1].layers[4].style.fontScale',
      /2/,
    ],
  ])('refuses %s', async (_what, edit, code, field, message) => {
    await expect(loadWith(edit)).rejects.toMatchObject({
      code,
      path: at(field),
      message: expect.stringMatching(message),
    });
  });

  it('takes the named caption styles and a template-defined one', async () => {
    for (const style of ['social', 'broadcast', { base: 'social', position: 'top', highlightColour: null }]) {
      await expect(loadWith((m) => (m.scenes[1].layers[4].style = style))).resolves.toBeDefined();
    }
  });

  it('refuses a template picture outside its folder', async () => {
    await expect(
      loadWith((m) => m.scenes[0].layers.push({ type: 'image', src: 'assets/../../x.jpg' })),
    ).rejects.toMatchObject({
      code: 'PATH_ESCAPES',
      path: at('$.scenes[0].layers[1].src'),
    });
  });
});

describe('blank strings count as missing', () => {
  it('drops whitespace-only properties and nulls such array elements, listing where they were', () => {
    expect(dropBlankStrings({ a: ' ', b: 'x', c: ['\t', 'y'], d: { 'e/f': '\n' } }, '$.features[0]')).toEqual(
      {
        value: { b: 'x', c: [null, 'y'], d: {} },
        blanks: ['$.features[0].a', '$.features[0].c[0]', '$.features[0].d["e/f"]'],
      },
    );
  });

  it('reports a required field that is blank as blank, on its path, and returns the item without it', () => {
    const v = new InputValidator(
      {
        type: 'object',
        required: ['place'],
        properties: { place: { type: 'string' }, note: { type: 'string' } },
      },
      's',
    );
    expect(() => v.check({ place: '  ' }, '$.features[1]')).toThrow(
      expect.objectContaining({
        code: 'DATA_SCHEMA_MISMATCH',
        path: '$.features[1].place',
        message: 'The data does not fit the template: $.features[1].place is required but blank',
      }),
    );
    expect(v.check({ place: 'Lima', note: ' ' }, '$')).toEqual({ place: 'Lima' });
  });
});

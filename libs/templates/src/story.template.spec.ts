import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listItems } from './item.selector';
import { parseStory } from './story.parser';
import { TemplateBinder } from './template.binder';
import { TemplateLoader } from './template.loader';

const templatesDir = path.resolve(__dirname, '../../../templates');
const presentersDir = path.resolve(__dirname, '../../../models/presenters');

/** The sample script as the voice reads it: one paragraph a scene, markup gone. */
const GOLDEN = [
  "Riverton's new flood barrier opened on Monday, two months ahead of schedule, after the city council voted on Friday to bring the opening forward.",
  '"We built it for the next hundred years," the mayor said at the opening. Residents who lost homes in the 2019 flood watched from the riverbank.',
  'Work on the second phase, a pumping station on the east bank, starts in the spring.',
].join('\n\n');

async function storySample() {
  const template = await new TemplateLoader(templatesDir, { presentersDir }).load('story');
  const script = await fs.readFile(path.join(templatesDir, 'story/sample.md'), 'utf8');
  const story = parseStory(script, 'markdown', 'sample.md');
  const [item] = listItems(template.validator.check(story, '$'), template.manifest);
  return { template, item };
}

describe('the story template: one narrated scene per paragraph (scene repeat)', () => {
  it('reads the sample script word for word (golden text)', async () => {
    const { template, item } = await storySample();
    const bound = await new TemplateBinder(template).bind(item);
    expect(bound.script).toBe(GOLDEN);
  });

  it('makes a scene per paragraph, each with its own picture and lower third, keyed apart', async () => {
    const { template, item } = await storySample();
    const bound = await new TemplateBinder(template).bind(item);
    expect(bound.scenes.map((s) => [s.id, s.index, s.templateIndex])).toEqual([
      ['headline', 0, 0],
      ['paragraph-1', 1, 1],
      ['paragraph-2', 2, 1],
      ['paragraph-3', 3, 1],
    ]);
    const value = (scene: number, type: string) =>
      bound.scenes[scene].layers.find((l) => l.type === type)?.value as Record<string, unknown>;
    expect(value(0, 'title')).toMatchObject({
      kicker: 'Report',
      title: "Riverton's flood barrier opens two months early",
      image: { ref: 'photos/barrier.jpg', fromData: true },
    });
    expect([1, 2, 3].map((s) => (value(s, 'image').src as { ref: string } | undefined)?.ref)).toEqual([
      'photos/barrier.jpg',
      undefined,
      'photos/works.jpg',
    ]);
    expect([1, 2, 3].map((s) => value(s, 'lowerThird').title)).toEqual(['', 'Ana Ruiz', '']);
    expect(value(2, 'lowerThird').subtitle).toBe('Mayor of Riverton');
    const layers = bound.scenes.flatMap((s) => s.layers);
    expect(new Set(layers.map((l) => l.key)).size).toBe(layers.length);
    expect(bound.scenes[2].layers[1]).toMatchObject({
      at: '$.scenes[1].layers[1]',
      key: 'scenes[2].layers[1]',
    });
  });

  it('refuses a repeated scene reading a field its element lacks, or an array the schema lacks', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-story-'));
    try {
      await fs.cp(path.join(templatesDir, 'story'), path.join(dir, 'story'), { recursive: true });
      const file = path.join(dir, 'story/template.json');
      const m = JSON.parse(await fs.readFile(file, 'utf8'));
      m.scenes[1].narration = '{{ paragraph.txt }}';
      m.scenes[1].repeat.each = 'data.paragraps';
      await fs.writeFile(file, JSON.stringify(m));
      const { problems } = await new TemplateLoader(dir, { presentersDir }).inspect('story');
      expect(problems.problems.map((p) => p.message)).toEqual([
        expect.stringMatching(/\$\.scenes\[1\]\.repeat\.each: data\.paragraps is not in the input schema/),
      ]);
      m.scenes[1].repeat.each = 'data.paragraphs';
      await fs.writeFile(file, JSON.stringify(m));
      const again = await new TemplateLoader(dir, { presentersDir }).inspect('story');
      expect(again.problems.problems.map((p) => p.message)).toEqual([
        expect.stringMatching(
          /\$\.scenes\[1\]\.narration:1:4: undefined variable paragraph\.txt: "txt" is not in the input schema/,
        ),
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readDataFile } from './data.reader';
import { listItems } from './item.selector';
import { InputValidator } from './schema.validator';
import { TemplateBinder } from './template.binder';
import { TemplateLoader } from './template.loader';

const templatesDir = path.resolve(__dirname, '../../../templates');

/**
 * Golden scripts: each template's narration rendered from its own sample, compared with the text
 * checked in beside it (`script.golden.txt`). A change to a template's wording, a filter or the
 * binding shows up here as a diff a desk editor can read.
 */
describe.each([
  ['market-close', 'sample.json'],
  ['match-result', 'sample.json'],
])('%s script', (id, sampleFile) => {
  it('reads as its golden text, from a sample that passes the input schema', async () => {
    const template = await new TemplateLoader(templatesDir).load(id);
    const data = await readDataFile(path.join(templatesDir, id, sampleFile));
    const [item] = listItems(data, template.manifest);
    new InputValidator(template.inputSchema, 'inputs.schema.json').check(item.data, item.path);
    const bound = await new TemplateBinder(template).bind(item);
    const golden = await fs.readFile(path.join(templatesDir, id, 'script.golden.txt'), 'utf8');
    expect(`${bound.script}\n`).toBe(golden);
  });
});

describe('match-result script, other outcomes', () => {
  it('reads an away win with a lone goal, and a goalless draw, in their own words', async () => {
    const template = await new TemplateLoader(templatesDir).load('match-result');
    const data = (await readDataFile(path.join(templatesDir, 'match-result/sample.json'))) as {
      matches: Record<string, unknown>[];
    };
    const base = data.matches[0];
    const palmer = { ...(base.goals as Record<string, unknown>[])[1], type: 'REGULAR' };
    const away = { ...base, score: { winner: 'AWAY_TEAM', fullTime: { home: 0, away: 1 } }, goals: [palmer] };
    const draw = {
      ...base,
      venue: null,
      score: { winner: 'DRAW', fullTime: { home: 0, away: 0 } },
      goals: [],
    };
    const [awayItem, drawItem] = listItems({ matches: [away, draw] }, template.manifest);
    const binder = new TemplateBinder(template);
    expect((await binder.bind(awayItem)).script).toBe(
      'Chelsea won 1-0 against Arsenal in the Premier League at Emirates Stadium on November 29, 2025. ' +
        'Cole Palmer scored the only goal for Chelsea after 58 minutes.',
    );
    expect((await binder.bind(drawItem)).script).toBe(
      'Arsenal and Chelsea drew 0-0 in the Premier League on November 29, 2025.',
    );
  });
});

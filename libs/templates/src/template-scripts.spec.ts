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

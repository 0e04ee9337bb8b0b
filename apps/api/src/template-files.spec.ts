import * as path from 'node:path';
import { readTemplateSample } from './template-files';

const templates = path.resolve(__dirname, '../../../templates');

describe('template samples', () => {
  it("gives a script template's sample without the picture lines that name its own files", async () => {
    const sample = await readTemplateSample(path.join(templates, 'story'), 'story');
    if (!('script' in sample)) throw new Error('story ships a script sample');
    expect(sample.script.format).toBe('markdown');
    expect(sample.script.text).toContain('# Riverton');
    expect(sample.script.text).toContain('> lower third:');
    expect(sample.script.text).not.toMatch(/!\[[^\]]*\]\(photos\//);
  });

  it("gives a data template's sample as parsed JSON", async () => {
    const sample = await readTemplateSample(path.join(templates, 'news-brief'), 'news-brief');
    expect(sample).toMatchObject({ file: 'sample.geojson', data: { type: 'FeatureCollection' } });
  });
});

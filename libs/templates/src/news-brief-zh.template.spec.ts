import * as path from 'node:path';
import { readDataFile } from './data.reader';
import { listItems } from './item.selector';
import { TemplateBinder } from './template.binder';
import { TemplateLoader } from './template.loader';

const templatesDir = path.resolve(__dirname, '../../../templates');

describe('news-brief-zh: the USGS sample read in Mandarin (golden text)', () => {
  async function bound() {
    const template = await new TemplateLoader(templatesDir).load('news-brief-zh');
    const data = await readDataFile(path.join(templatesDir, 'news-brief-zh/sample.geojson'));
    return Promise.all(
      listItems(data, template.manifest).map((item) => new TemplateBinder(template).bind(item)),
    );
  }

  it('writes dates, times and numbers the zh-CN way, each sentence only when its field has a value', async () => {
    const [taiwan, ridge] = await bound();
    expect([taiwan.script, ridge.script]).toEqual([
      '据美国地质调查局消息，北京时间2025年11月21日13时42分，38 km SW of Hualien City, Taiwan发生5.8级地震。' +
        '震源深度17公里。调查局已收到112份震感报告。地质调查局发布黄色预警，可能造成一定的人员伤亡和财产损失。',
      '据美国地质调查局消息，北京时间2025年11月21日1时55分，central Mid-Atlantic Ridge发生4.6级地震。震源深度10公里。',
    ]);
  });

  it('titles and cards in Chinese, rows without a value left out', async () => {
    const [taiwan, ridge] = await bound();
    expect(taiwan.scenes[0].layers[0].value).toMatchObject({
      kicker: '地震快讯',
      subtitle: '北京时间2025年11月21日 13:42',
    });
    const card = (b: typeof ridge) =>
      (
        b.scenes[1].layers.find((l) => l.type === 'dataCard')?.value as {
          rows: { label: string; value: string }[];
        }
      ).rows;
    expect(card(taiwan).map((r) => `${r.label} ${r.value}`)).toEqual([
      '震级 5.8',
      '震源深度 17公里',
      '北京时间 13:42',
      '震感报告 112',
      '预警级别 黄色',
    ]);
    expect(card(ridge).map((r) => r.label)).toEqual(['震级', '震源深度', '北京时间']);
  });
});

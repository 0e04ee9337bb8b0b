import * as path from 'node:path';
import { readDataFile } from './data.reader';
import { commerceFilters, parseDateTime } from './commerce.filters';
import { listItems } from './item.selector';
import { TemplateBinder } from './template.binder';
import { TemplateLoader } from './template.loader';

const templatesDir = path.resolve(__dirname, '../../../templates');

async function productShowcase(edit?: (item: Record<string, unknown>) => void) {
  const template = await new TemplateLoader(templatesDir).load('product-showcase');
  const data = (await readDataFile(path.join(templatesDir, 'product-showcase/sample.json'))) as Record<
    string,
    unknown
  >;
  edit?.(data);
  return { template, item: listItems(data, template.manifest)[0] };
}

const layer = (bound: Awaited<ReturnType<TemplateBinder['bind']>>, scene: number, type: string) =>
  bound.scenes[scene].layers.find((l) => l.type === type)?.value;

describe('product-showcase script (golden)', () => {
  it('reads the sale inside sale_price_effective_date, with the old price struck through on the tag', async () => {
    const { template, item } = await productShowcase();
    expect(item.id).toBe('SKU-40291');
    const bound = await new TemplateBinder(template).bind(item, { now: new Date('2026-11-30T12:00:00Z') });
    expect(bound.scenes.map((s) => s.narration)).toEqual([
      'Aurora 2 Wireless Noise-Cancelling Headphones, from Northwind Audio. Over-ear headphones with adaptive noise cancelling, 40-hour battery and fast charge: 10 minutes gives 5 hours of play.',
      'On sale now: 149 US dollars, down from 199 US dollars, until December 1.',
      'Highlights: Adaptive noise cancelling, 40-hour battery, Multipoint Bluetooth 5.3.',
      '',
    ]);
    expect(layer(bound, 1, 'priceTag')).toMatchObject({
      price: '$149.00',
      was: '$199.00',
      badge: 'SALE −25%',
      note: 'Until December 1',
    });
    expect(layer(bound, 0, 'image')).toMatchObject({
      pictures: [
        { ref: 'images/aurora-2-front.jpg', fromData: true },
        { ref: 'images/aurora-2-side.jpg', fromData: true },
        { ref: 'images/aurora-2-case.jpg', fromData: true },
      ],
    });
    expect(layer(bound, 2, 'dataCard')).toMatchObject({
      rows: [
        { label: '01', value: 'Adaptive noise cancelling' },
        { label: '02', value: '40-hour battery' },
        { label: '03', value: 'Multipoint Bluetooth 5.3' },
      ],
    });
    expect(layer(bound, 3, 'title')).toMatchObject({
      title: 'Shop now',
      subtitle: 'shop.example.com/p/aurora-2',
    });
  });

  it('reads the full price before the window opens and after it closes (end exclusive), with no badge', async () => {
    const { template, item } = await productShowcase();
    for (const now of ['2026-11-27T04:59:00Z', '2026-12-02T04:59:00Z']) {
      const bound = await new TemplateBinder(template).bind(item, { now: new Date(now) });
      expect(bound.scenes[1].narration).toBe('Yours for 199 US dollars.');
      expect(layer(bound, 1, 'priceTag')).toMatchObject({
        price: '$199.00',
        was: '',
        badge: '',
      });
    }
    // 00:00 at -05:00 is 05:00 UTC: the first minute of the sale.
    const opening = await new TemplateBinder(template).bind(item, { now: new Date('2026-11-27T05:00:00Z') });
    expect(opening.scenes[1].narration).toMatch(/^On sale now/);
  });

  it('reads a preorder without a sale and without highlights', async () => {
    const { template, item } = await productShowcase((d) => {
      delete d.sale_price;
      delete d.sale_price_effective_date;
      delete d.product_highlight;
      d.availability = 'preorder';
    });
    const bound = await new TemplateBinder(template).bind(item, { now: new Date('2026-11-30T12:00:00Z') });
    expect(bound.scenes[1].narration).toBe('Yours for 199 US dollars.');
    expect(bound.scenes[2].narration).toBe('Aurora 2 Wireless Noise-Cancelling Headphones.');
    expect(layer(bound, 1, 'priceTag')).toMatchObject({ price: '$199.00', note: 'Pre-order now' });
    expect(layer(bound, 2, 'dataCard')).toMatchObject({ rows: [] });
  });
});

describe('commerce filters', () => {
  const f = commerceFilters as Record<string, (...a: unknown[]) => string>;

  it('formats Merchant Center prices per locale, for the screen and for the voice', () => {
    expect(f.money('149.00 USD')).toBe('$149.00');
    expect(f.money('468.00 CNY', 'zh-CN')).toBe('¥468.00');
    expect(f.money('12,99 EUR')).toBe('');
    expect(f.money_spoken('149.00 USD')).toBe('149 US dollars');
    expect(f.money_spoken('149.50 USD')).toBe('149.50 US dollars');
    expect(f.discount_percent('199.00 USD', '149.00 USD')).toBe('25');
    expect(f.discount_percent('199.00 USD', '149.00 EUR')).toBe('');
    expect(f.discount_percent('199.00 USD', '249.00 USD')).toBe('');
  });

  it('reads ISO 8601 intervals with basic or extended offsets; a malformed one is never in effect', () => {
    expect(parseDateTime('2026-11-27T00:00-0500')).toBe(Date.UTC(2026, 10, 27, 5));
    expect(parseDateTime('2026-11-27T00:00:30+05:30')).toBe(Date.UTC(2026, 10, 26, 18, 30, 30));
    expect(parseDateTime('2026-11-27')).toBeUndefined();
    const window = '2026-11-27T00:00-0500/2026-12-01T23:59-0500';
    expect(f.in_effect(window, '2026-11-30T00:00:00Z')).toBe('yes');
    expect(f.in_effect(window, '2026-12-02T04:59:00Z')).toBe('');
    expect(f.in_effect('2026-12-01T00:00Z/2026-11-01T00:00Z', '2026-11-15T00:00:00Z')).toBe('');
    expect(f.in_effect('soon', '2026-11-15T00:00:00Z')).toBe('');
    expect(f.in_effect(undefined, '2026-11-15T00:00:00Z')).toBe('yes');
    expect(f.effective_end(window)).toBe('December 1');
  });
});

import { ErrorCode } from '@app/core';
import { checkBrand, mergeBrand, templateBrand } from './brand';

describe('brand', () => {
  it('lays a job brand over the template one field by field, colour by colour', () => {
    const template = {
      channelName: 'KTV',
      colors: { accent: '#112233', text: '#000000' },
      font: 'Noto Sans',
    };
    expect(mergeBrand(template, { colors: { accent: '#FF0000' }, aiLabel: 'Made with AI' })).toEqual({
      channelName: 'KTV',
      colors: { accent: '#FF0000', text: '#000000' },
      font: 'Noto Sans',
      aiLabel: 'Made with AI',
    });
    expect(mergeBrand(undefined, undefined)).toEqual({});
  });

  it("reads a template's older theme block, its brand block winning", () => {
    expect(templateBrand({ theme: { accent: '#E5412D', channelName: 'CLIPWRIGHT NEWS' } })).toEqual({
      channelName: 'CLIPWRIGHT NEWS',
      colors: { accent: '#E5412D' },
    });
    expect(
      templateBrand({ theme: { accent: '#E5412D' }, brand: { colors: { background: '#101010' } } }),
    ).toEqual({ colors: { accent: '#E5412D', background: '#101010' } });
  });

  it('refuses a bad colour or an unknown field on its JSON path', () => {
    expect(() => checkBrand({ colors: { accent: 'red' } }, 'brand.json')).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument, path: 'brand.json.colors.accent' }),
    );
    expect(() => checkBrand({ colour: '#FFFFFF' }, '$.brand')).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument, path: '$.brand' }),
    );
    expect(checkBrand({ channelName: 'Shop TV' }, 'brand.json')).toEqual({ channelName: 'Shop TV' });
  });
});

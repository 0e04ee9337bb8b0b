import { toOas30 } from './openapi.schema';

describe('toOas30 (request schemas in the OpenAPI 3.0 dialect)', () => {
  it('turns nullable type lists, several types, numeric exclusive bounds and const into 3.0 forms', () => {
    expect(
      toOas30({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: {
          expiresAt: { type: ['string', 'null'], format: 'date-time' },
          labelProfile: { type: ['string', 'object'] },
          strength: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          kind: { const: 'image' },
          tags: { type: 'array', items: { type: ['integer', 'null'] } },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        expiresAt: { type: 'string', nullable: true, format: 'date-time' },
        labelProfile: { oneOf: [{ type: 'string' }, { type: 'object' }] },
        strength: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1 },
        kind: { enum: ['image'] },
        tags: { type: 'array', items: { type: 'integer', nullable: true } },
      },
    });
  });

  it('leaves a property named like a keyword alone', () => {
    expect(toOas30({ properties: { const: { type: 'string' }, type: { type: 'string' } } })).toEqual({
      properties: { const: { type: 'string' }, type: { type: 'string' } },
    });
  });
});

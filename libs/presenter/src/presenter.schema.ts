/**
 * JSON Schema of presenter.json. Mouth shapes are not listed as required here: a missing one is
 * reported by the loader with the shape's name ("mouth shape "F" is missing"), clearer than ajv's.
 */
const num = { type: 'number' } as const;
const unit = { type: 'number', minimum: 0, maximum: 1 } as const;
const point = { type: 'array', items: num, minItems: 2, maxItems: 2 } as const;
const colour = {
  type: 'string',
  pattern: '^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|\\$[A-Za-z][\\w-]*)$',
};
const pathData = { type: 'string', minLength: 2, maxLength: 20000 } as const;

const gradient = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to', 'stops'],
  properties: {
    from: point,
    to: point,
    stops: {
      type: 'array',
      minItems: 2,
      items: { type: 'array', minItems: 2, maxItems: 2, items: [unit, colour] },
    },
  },
};

const shape = {
  type: 'object',
  additionalProperties: false,
  required: ['d'],
  properties: {
    d: pathData,
    fill: { anyOf: [colour, gradient] },
    stroke: colour,
    strokeWidth: { type: 'number', exclusiveMinimum: 0 },
    opacity: unit,
    clip: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
  },
};

const mouthShape = {
  type: 'object',
  additionalProperties: false,
  required: ['open', 'width', 'round', 'teethTop', 'teethBottom', 'tongue', 'tuck', 'press', 'smile'],
  properties: {
    open: { type: 'number', minimum: 0, maximum: 2 },
    width: { type: 'number', minimum: 0.3, maximum: 1.6 },
    round: unit,
    teethTop: unit,
    teethBottom: unit,
    tongue: unit,
    tuck: unit,
    press: unit,
    smile: { type: 'number', minimum: -0.5, maximum: 0.5 },
  },
};

export const presenterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'kind', 'schemaVersion', 'canvas', 'palette', 'body', 'head', 'eyes', 'mouth'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    kind: { const: 'rig' },
    schemaVersion: { const: 1 },
    description: { type: 'string' },
    licence: { type: 'string' },
    // A rig drawn after a real person (a caricature of an anchor) needs their consent (@app/provenance).
    likeness: { enum: ['synthetic', 'real-person'] },
    canvas: {
      type: 'object',
      additionalProperties: false,
      required: ['width', 'height'],
      properties: {
        width: { type: 'number', minimum: 16, maximum: 10000 },
        height: { type: 'number', minimum: 16, maximum: 10000 },
      },
    },
    palette: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z][\\w-]*$' },
      additionalProperties: { type: 'string', pattern: '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$' },
    },
    body: { type: 'array', minItems: 1, items: shape },
    head: { type: 'array', minItems: 1, items: shape },
    eyes: {
      type: 'object',
      additionalProperties: false,
      required: [
        'centers',
        'rx',
        'ry',
        'tilt',
        'white',
        'iris',
        'irisRadius',
        'pupil',
        'lid',
        'lash',
        'lashWidth',
        'gazeRange',
        'brows',
        'brow',
        'browLift',
      ],
      properties: {
        centers: { type: 'array', items: point, minItems: 2, maxItems: 2 },
        rx: { type: 'number', exclusiveMinimum: 0 },
        ry: { type: 'number', exclusiveMinimum: 0 },
        tilt: num,
        white: colour,
        iris: colour,
        irisRadius: { type: 'number', exclusiveMinimum: 0 },
        pupil: colour,
        lid: colour,
        lash: colour,
        lashWidth: { type: 'number', minimum: 0 },
        flick: unit,
        gazeRange: { type: 'number', minimum: 0 },
        brows: { type: 'array', items: pathData, minItems: 2, maxItems: 2 },
        brow: colour,
        browLift: { type: 'number', minimum: 0 },
        glasses: {
          type: 'object',
          additionalProperties: false,
          required: ['frame', 'color', 'width'],
          properties: {
            frame: { type: 'array', items: pathData, minItems: 1 },
            lens: { type: 'array', items: pathData },
            color: colour,
            width: { type: 'number', exclusiveMinimum: 0 },
            lensFill: colour,
          },
        },
      },
    },
    mouth: {
      type: 'object',
      additionalProperties: false,
      required: [
        'center',
        'halfWidth',
        'upperLip',
        'lowerLip',
        'lip',
        'line',
        'inside',
        'teeth',
        'tongue',
        'shapes',
      ],
      properties: {
        center: point,
        halfWidth: { type: 'number', exclusiveMinimum: 0 },
        upperLip: { type: 'number', minimum: 0 },
        lowerLip: { type: 'number', minimum: 0 },
        lip: colour,
        line: colour,
        inside: colour,
        teeth: colour,
        tongue: colour,
        shapes: {
          type: 'object',
          propertyNames: { enum: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'X'] },
          additionalProperties: mouthShape,
        },
      },
    },
  },
} as const;

/** Schema pieces the kinds share; `#/definitions/...` resolve in the composed template schema. */
export const TEXT = { $ref: '#/definitions/text' } as const;

/** A layer's optional window in seconds from its scene's start (a negative end counts back from its end). */
export const WINDOW_PROPERTIES = {
  start: { type: 'number', minimum: 0, description: 'seconds after the scene starts' },
  end: { type: 'number', description: 'seconds after the scene starts; negative counts back from its end' },
} as const;

const FRACTION = { type: 'number', minimum: 0, maximum: 1 } as const;

/** How a picture or clip sits in its box, and where the box is: `fit`, `focus`, `box` (image, video). */
export const FRAMING_PROPERTIES = {
  fit: { enum: ['cover', 'contain'], description: 'default cover' },
  focus: {
    type: 'object',
    additionalProperties: false,
    required: ['x', 'y'],
    properties: { x: FRACTION, y: FRACTION },
    description:
      'the point of the picture kept in view by cover, as fractions of its size (default the centre)',
  },
  box: {
    type: 'object',
    additionalProperties: false,
    required: ['x', 'y', 'width', 'height'],
    properties: {
      x: FRACTION,
      y: FRACTION,
      width: { ...FRACTION, exclusiveMinimum: 0 },
      height: { ...FRACTION, exclusiveMinimum: 0 },
    },
    description: 'where on the frame, as fractions of its width and height (default the whole frame)',
  },
} as const;

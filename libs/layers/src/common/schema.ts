/** Schema pieces the kinds share; `#/definitions/...` resolve in the composed template schema. */
export const TEXT = { $ref: '#/definitions/text' } as const;

/** A layer's optional window in seconds from its scene's start (a negative end counts back from its end). */
export const WINDOW_PROPERTIES = {
  start: { type: 'number', minimum: 0, description: 'seconds after the scene starts' },
  end: { type: 'number', description: 'seconds after the scene starts; negative counts back from its end' },
} as const;

import { BRAND_SCHEMA } from './brand';
import { ClipwrightError, ErrorCode } from '@app/core';
import type { JsonSchema, LayerKindRegistry } from '@app/layers';

const relativeFile = { type: 'string', pattern: '^(?!/)(?!.*\\.\\.)[A-Za-z0-9._/-]+$' };

/** Everything of template.json but its layers, which each kind describes for itself. */
const BASE: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://clipwright.dev/schemas/template.schema.json',
  title: 'Clipwright template (template.json)',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'title', 'inputs', 'fps', 'outputs', 'voice', 'audio', 'scenes'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    version: { type: 'integer', minimum: 1 },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    inputs: {
      type: 'object',
      additionalProperties: false,
      required: ['schema'],
      properties: {
        schema: { $ref: '#/definitions/relativeFile', description: 'JSON Schema one data item must satisfy' },
        collection: {
          type: 'object',
          description: 'Where the items sit when the data is a feed (JSON Pointers)',
          additionalProperties: false,
          required: ['items'],
          properties: {
            items: { type: 'string', pattern: '^(/[^/]*)*$' },
            id: { type: 'string', pattern: '^(/[^/]*)*$' },
          },
        },
      },
    },
    fps: { type: 'integer', enum: [24, 25, 30, 50, 60] },
    outputs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['aspect', 'width', 'height'],
        properties: {
          aspect: { type: 'string', pattern: '^[0-9]+:[0-9]+$' },
          width: { type: 'integer', minimum: 100, maximum: 3840, multipleOf: 2 },
          height: { type: 'integer', minimum: 100, maximum: 3840, multipleOf: 2 },
          loudness: {
            enum: ['broadcast', 'web', 'social'],
            description:
              'delivery loudness: broadcast -23 LUFS (EBU R128), web -16, social -14, each <= -1 dBTP; default audio.loudness',
          },
        },
      },
    },
    voice: {
      type: 'object',
      additionalProperties: false,
      required: ['provider', 'voice', 'rate'],
      properties: {
        provider: {
          type: 'string',
          enum: ['espeak', 'piper', 'azure', 'polly'],
          description: 'the voice engine (docs/voices.md); one not configured here fails the job',
        },
        voice: { type: 'string', pattern: '^[A-Za-z0-9_+-]{1,40}$' },
        rate: { type: 'integer', minimum: 80, maximum: 300, description: 'words per minute' },
      },
    },
    audio: {
      type: 'object',
      additionalProperties: false,
      required: ['loudness'],
      properties: {
        loudness: {
          type: 'object',
          additionalProperties: false,
          required: ['integrated', 'truePeak'],
          properties: {
            integrated: { type: 'number', minimum: -36, maximum: -10 },
            truePeak: { type: 'number', minimum: -9, maximum: 0 },
            range: { type: 'number', minimum: 1, maximum: 20 },
          },
        },
      },
    },
    theme: {
      type: 'object',
      additionalProperties: false,
      properties: {
        accent: { $ref: '#/definitions/colour' },
        channelName: { type: 'string', maxLength: 40 },
      },
    },
    brand: {
      ...BRAND_SCHEMA,
      description:
        "the template's look: channelName, logo (a picture file of the template), colors {accent, background, text} as #rrggbb, font (an installed family), aiLabel; a workspace's or job's brand is laid over it field by field",
    },
    disclosure: { type: 'string', minLength: 1, maxLength: 60, description: 'visible AI-generation label' },
    labels: {
      description:
        "label profile (docs/provenance.md): eu, cn, none, or a custom profile object; default: the workspace's, else CLIPWRIGHT_LABELS, else eu",
      anyOf: [{ enum: ['eu', 'cn', 'none'] }, { type: 'object' }],
    },
    scenes: { type: 'array', minItems: 1, items: { $ref: '#/definitions/scene' } },
  },
  definitions: {
    relativeFile,
    colour: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    text: { type: 'string', maxLength: 2000, description: 'Liquid, rendered with the data item' },
    scene: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'duration', 'layers'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9-]+$' },
        duration: {
          oneOf: [
            { type: 'number', exclusiveMinimum: 0, maximum: 600, description: 'seconds' },
            { const: 'speech', description: 'as long as its narration, plus a short tail' },
            { const: 'media', description: 'as long as its timed media (a clip)' },
            { const: 'auto', description: 'as long as the latest end of its timed layers and its narration' },
          ],
        },
        narration: {
          description: 'What the voice reads in this scene: Liquid text, or a Liquid file of the template',
          oneOf: [
            { type: 'string', minLength: 1, maxLength: 20000 },
            {
              type: 'object',
              additionalProperties: false,
              required: ['file'],
              properties: { file: { $ref: '#/definitions/relativeFile' } },
            },
          ],
        },
        transition: {
          type: 'object',
          description: 'How this scene follows the one before it (default: a cut)',
          additionalProperties: false,
          required: ['type'],
          properties: {
            type: { enum: ['cut', 'crossfade', 'wipe', 'slide'] },
            duration: {
              type: 'number',
              exclusiveMinimum: 0,
              maximum: 5,
              description: 'seconds (default 0.5)',
            },
            direction: {
              enum: ['left', 'right', 'up', 'down'],
              description: 'wipe and slide (default left)',
            },
          },
        },
        repeat: {
          type: 'object',
          description:
            "One scene for each element of an array of the data (a story's paragraphs): its Liquid reads the element as `as`, and `repeat.index` (from 0) and `repeat.count`",
          additionalProperties: false,
          required: ['each', 'as'],
          properties: {
            each: {
              type: 'string',
              pattern: '^data(\\.[A-Za-z_][A-Za-z0-9_]*)+$',
              description: 'the array, as a dotted path from data: "data.paragraphs"',
            },
            as: {
              type: 'string',
              pattern: '^[a-z][A-Za-z0-9_]*$',
              not: { enum: ['data', 'item', 'script', 'narration', 'repeat'] },
              description: "the name the element goes by in this scene's Liquid",
            },
          },
        },
        layers: { type: 'array', items: { $ref: '#/definitions/layer' } },
      },
    },
  },
};

/**
 * The published template schema: the base above with `definitions.layer` made of the kinds'
 * fragments (a `oneOf` chosen by `type`). The committed `template.schema.json` is this, written by
 * scripts/generate-template-schema.js; a test keeps the two equal.
 */
export function composeTemplateSchema(kinds: LayerKindRegistry): JsonSchema {
  const types = new Set<string>();
  for (const kind of kinds) {
    const props = (kind.schema.properties ?? {}) as Record<string, { const?: unknown }>;
    if (props.type?.const !== kind.type || types.has(kind.type)) {
      throw new ClipwrightError(
        ErrorCode.Internal,
        `layer kind "${kind.type}": its schema must have a unique "type": { "const": "${kind.type}" }`,
      );
    }
    types.add(kind.type);
  }
  const definitions = BASE.definitions as Record<string, unknown>;
  return {
    ...BASE,
    definitions: {
      ...definitions,
      layer: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: [...types] } },
        oneOf: kinds.map((k) => k.schema),
        discriminator: { propertyName: 'type' },
      },
    },
  };
}

/** A JSON Schema (draft-07) object, as a kind publishes its fragment. */
export type JsonSchema = Record<string, unknown>;

/** A layer as written in template.json: its kind (`type`) and the fields that kind's schema allows. */
export interface LayerSpec {
  type: string;
  [field: string]: unknown;
}

/** Where a layer sits in its template, and what a check may need of the rest of it. */
export interface LayerAt {
  scene: number;
  layer: number;
  /** `templates/<id>/template.json#$.scenes[1].layers[0]`: append `.field` for a field. */
  path: string;
  /** The aspects the template renders ("16:9"). */
  aspects: readonly string[];
  /** The layer's scene: its id, and whether it has a narration. */
  sceneId: string;
  narrated: boolean;
  /** The template's outputs, in pixels. */
  outputs: readonly { aspect: string; width: number; height: number }[];
  /** The layout regions the scene's layers occupy (`claims` of their kinds). */
  sceneClaims: readonly LayoutRegion[];
}

/**
 * A slot of the frame's layout that a kind occupies when a scene holds one of its layers; a scene
 * without it gives the room to others (the presenter).
 */
export type LayoutRegion = 'dataCard';

/** Which presenters exist (models/presenters/<id>/presenter.json), without loading any. */
export interface PresenterIndex {
  has(id: string): Promise<boolean>;
  ids(): Promise<string[]>;
}

/** What a kind's load-time checks may look at besides the template itself. */
export interface TemplateCheckContext {
  /** Absolute folder of the template (static asset files are checked inside it). */
  templateDir: string;
  /** Absent where no presenters are configured: a template placing one is then refused. */
  presenters?: PresenterIndex;
}

/**
 * Renders a layer's Liquid fields for one item (or, at load, only parses them). `render` returns
 * the text with runs of whitespace collapsed and ends trimmed, `undefined` for an absent field.
 */
export interface LayerText {
  render(value: string | undefined, field: string): Promise<string | undefined>;
  /** True at load time: texts are only parsed, so a kind must not judge rendered values. */
  readonly parseOnly: boolean;
  /**
   * Reads a JSON Pointer (RFC 6901) into the item's data: the value (undefined where absent) and
   * the JSON path people read (`$.features[0].properties.mag`) for an error about it. Absent at
   * load time (there is no item then); a chart reads its data values with it.
   */
  read?(pointer: string): { value: unknown; path: string };
}

/**
 * The half of a layer kind every door needs, light enough for the API to import: the JSON Schema
 * fragment, load-time checks, binding, and what the scene clock needs to know. TemplateLoader checks
 * and binds templates with it; LayerKind (layer-kind.ts) adds what the engine draws.
 */
export interface LayerKindDefinition<L extends LayerSpec = LayerSpec, B = unknown> {
  /** The `type` value in template.json. */
  readonly type: string;
  /** Schema of one layer of this kind: an object whose `type` property is `{ "const": <type> }`. */
  readonly schema: JsonSchema;
  /**
   * Checks beyond the schema, at load (files the layer names exist, its presenter exists, its
   * placements name declared outputs). Throws a ClipwrightError naming `at.path` and the field.
   */
  check?(layer: L, at: LayerAt, ctx: TemplateCheckContext): void | Promise<void>;
  /** The layer with its texts rendered for one item: what the later stages get. */
  bind(layer: L, text: LayerText): Promise<B>;
  /**
   * Seconds from its scene's start at which the layer ends, when the template fixes it (a strap
   * with `end: 9`): an `auto` scene lasts as long as the latest of these.
   */
  endsAt?(layer: L): number | undefined;
  /** True for a layer with a length of its own (a video clip): a `media` scene lasts as long as it. */
  hasMediaLength?(layer: L): boolean;
  /** The layout regions a layer of this kind occupies (see LayoutRegion). */
  readonly claims?: readonly LayoutRegion[];
}

/** The kinds a template may use, in registration order. */
export type LayerKindRegistry = readonly LayerKindDefinition<never, unknown>[];

/** The kind registered for `type`, if any. */
export function kindOf(kinds: LayerKindRegistry, type: string): LayerKindDefinition | undefined {
  return kinds.find((k) => k.type === type) as LayerKindDefinition | undefined;
}

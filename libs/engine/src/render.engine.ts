import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  canonicalJson,
  ClipwrightError,
  ErrorCode,
  pointerToPath,
  type ProgressListener,
  type RenderResult,
  type ResultWarning,
  sha256,
  tempSibling,
  toClipwrightError,
} from '@app/core';
import type { AnyLayerKind, ImageGenerator } from '@app/layers';
import {
  defaultEncodeSettings,
  type EncodeSettings,
  type FfmpegExecutor,
  isLoudnessPreset,
  LOUDNESS_PRESET_NAMES,
} from '@app/media';
import type { PresenterLibrary } from '@app/presenter';
import type { RightsReport } from '@app/provenance';
import type { SpeechProvider } from '@app/speech';
import {
  type DataItem,
  listItems,
  type LoadedTemplate,
  type Brand,
  mergeBrand,
  type OutputSpec,
  selectItem,
  templateBrand,
  type TemplateLoader,
} from '@app/templates';
import { checkTimelineFormats, type TimelineFormat } from '@app/interchange';
import { frameRate } from '@app/timeline';
import { type CaptionTranslation, checkCaptionRequest } from './caption-request';
import type { GlyphChecker } from './glyph-check';
import type { EngineServices, JobContext } from './job.types';
import { checkTemplateRights, type EngineProvenance, jobProvenance } from './job-provenance';
import { runPipeline } from './pipeline';
import type { ItemOutcome, RenderedItem, RenderRequest } from './render.types';

export interface RenderEngineDeps {
  /** Loads and checks templates with the same layer kinds as `kinds`. */
  templates: TemplateLoader;
  kinds: readonly AnyLayerKind[];
  speech: SpeechProvider[];
  ffmpeg: FfmpegExecutor;
  /** Built-in and channel presenters (models/presenters); needed by templates with a presenter layer. */
  presenters?: PresenterLibrary;
  encode?: EncodeSettings;
  glyphs?: GlyphChecker;
  /** The deployment's signer and default label profile; absent: unsigned, `eu`. */
  provenance?: EngineProvenance;
  /** Labels and signs each encoded MP4; default @app/provenance `finishMp4`. */
  finishMp4?: EngineServices['finishMp4'];
  /** The diffusion engine behind a cache, for templates with a `generate` layer. */
  images?: ImageGenerator;
  /** Makes the voice of a recorded voice-over (a RecordedVoiceProvider); without it such a request fails. */
  voiceOver?: (recording: string) => SpeechProvider;
}

/** One template loaded for a request, with the items it will render. */
interface Plan {
  template: LoadedTemplate;
  outputs: OutputSpec[];
  items: DataItem[];
  /** One item asked for: it renders into outDir itself, not a sub-folder. */
  single: boolean;
  /** The template's presenters and voice checked against the workspace's consents and licences. */
  rights: RightsReport;
  translations: CaptionTranslation[];
  timelineFormats: TimelineFormat[];
}

/** The job's loudness preset, if any, on every output; an unknown name is INVALID_ARGUMENT. */
function withLoudness(outputs: OutputSpec[], preset: string | undefined, field: string): OutputSpec[] {
  if (preset === undefined) return outputs;
  if (!isLoudnessPreset(preset)) {
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `${field}: "${preset}" is not a loudness preset; use one of ${LOUDNESS_PRESET_NAMES.join(', ')}`,
      { path: field },
    );
  }
  return outputs.map((o) => ({ ...o, loudness: preset }));
}

/**
 * One engine for every door (CLI, worker). A request is checked at the edge (template loaded and
 * checked whole, outputs and items chosen, each item validated), then each item runs through the
 * pipeline (pipeline.ts) in a staging folder beside the output folder, so a failed or cancelled job
 * leaves the output folder as it was.
 */
/** The brand logo a job shows and whose it is: the request's wins over the template's own. */
function brandLogoOf(
  template: LoadedTemplate,
  brand: Brand | undefined,
): { ref: string; from: 'request' | 'template' } | undefined {
  if (brand?.logo !== undefined) return { ref: brand.logo, from: 'request' };
  const own = templateBrand(template.manifest).logo;
  return own === undefined ? undefined : { ref: own, from: 'template' };
}

export class RenderEngine {
  private readonly encode: EncodeSettings;

  constructor(private readonly deps: RenderEngineDeps) {
    this.encode = deps.encode ?? defaultEncodeSettings;
  }

  /** Renders every chosen item; the first failure fails the request (items are validated first, together). */
  async render(request: RenderRequest): Promise<RenderedItem[]> {
    const plan = await this.plan(request);
    const valid = plan.items.map((item) => this.validate(plan.template, item));
    const rendered: RenderedItem[] = [];
    for (const [n, item] of valid.entries()) {
      const outDir = this.outDirOf(plan, item, request);
      const result = await this.renderItem(
        plan,
        item,
        outDir,
        request,
        this.share(request.onProgress, n, valid.length),
      );
      rendered.push({ outDir, result });
    }
    return rendered;
  }

  /**
   * Renders every chosen item on its own: an item that is invalid or fails is recorded with its
   * error (code, message, path) and the rest still render. Cancellation stops the whole batch.
   */
  async renderEach(request: RenderRequest): Promise<ItemOutcome[]> {
    const plan = await this.plan(request);
    const outcomes: ItemOutcome[] = [];
    for (const [n, item] of plan.items.entries()) {
      const outDir = this.outDirOf(plan, item, request);
      const base = { index: item.index, id: item.id, path: item.path, outDir };
      try {
        const valid = this.validate(plan.template, item);
        const result = await this.renderItem(
          plan,
          valid,
          outDir,
          request,
          this.share(request.onProgress, n, plan.items.length),
        );
        outcomes.push({ ...base, status: 'done', result });
      } catch (e) {
        const err = toClipwrightError(e);
        if (err.code === ErrorCode.Cancelled) throw err;
        outcomes.push({
          ...base,
          status: 'failed',
          error: { code: err.code, message: err.message, ...(err.path ? { path: err.path } : {}) },
        });
      }
    }
    return outcomes;
  }

  /**
   * A brand's font must be installed (Skia would fall back to another without a word): the
   * request's, else the template's. Throws INVALID_ARGUMENT on `<field>.font` or the template path.
   */
  private async checkBrandFont(template: LoadedTemplate, brand: Brand | undefined, field: string) {
    const own = templateBrand(template.manifest).font;
    const font = brand?.font ?? own;
    if (font === undefined || !this.deps.glyphs?.hasFamily || (await this.deps.glyphs.hasFamily(font)))
      return;
    const at =
      brand?.font !== undefined
        ? `${field}.font`
        : `templates/${template.manifest.id}/template.json#$.brand.font`;
    throw new ClipwrightError(
      ErrorCode.InvalidArgument,
      `font "${font}" is not installed here (fc-list lists the families that are)`,
      { path: at },
    );
  }

  private async plan(request: RenderRequest): Promise<Plan> {
    const names = request.names ?? {};
    const translations = checkCaptionRequest(request.captions, names.translations);
    const timelineFormats = checkTimelineFormats(request.timeline, names.timeline ?? 'timeline');
    const template = await this.deps.templates.load(request.templateId).catch((e: unknown) => {
      const err = toClipwrightError(e);
      if (err.code !== ErrorCode.TemplateNotFound) throw err;
      throw new ClipwrightError(err.code, err.message, { path: names.template ?? 'templateId', cause: err });
    });
    await this.checkBrandFont(template, request.brand, names.brand ?? 'brand');
    const outputs = withLoudness(
      pickOutputs(template.manifest.outputs, request.aspects, names.aspects ?? 'aspects'),
      request.loudness,
      names.loudness ?? 'loudness',
    );
    const items = listItems(request.data, template.manifest);
    if (items.length === 0) {
      const collection = template.manifest.inputs.collection;
      throw new ClipwrightError(
        ErrorCode.DataSchemaMismatch,
        `${request.dataSource} holds no items to render`,
        {
          path: collection ? pointerToPath(collection.items) : '$',
        },
      );
    }
    const chosen =
      request.select !== undefined ? [selectItem(items, request.select, names.select ?? 'select')] : items;
    if (request.voiceOver !== undefined && chosen.length > 1) {
      throw new ClipwrightError(
        ErrorCode.InvalidArgument,
        `A voice-over is the reading of one item's script; ${request.dataSource} holds ${chosen.length} items: choose one`,
        { path: names.select ?? 'select' },
      );
    }
    // Before any item: a presenter without consent fails the request, not each item.
    const rights = await checkTemplateRights(
      template,
      this.deps.presenters,
      request.provenance ?? {},
      new Date(),
    );
    return {
      template,
      outputs,
      items: chosen,
      single: request.select !== undefined || chosen.length === 1,
      rights,
      translations,
      timelineFormats,
    };
  }

  /** The item checked against the template's input schema, blank strings dropped. */
  private validate(template: LoadedTemplate, item: DataItem): DataItem {
    return { ...item, data: template.validator.check(item.data, item.path) };
  }

  private outDirOf(plan: Plan, item: DataItem, request: RenderRequest): string {
    return plan.single ? request.outDir : path.join(request.outDir, itemFolder(item));
  }

  private voiceOverOf(request: RenderRequest): JobContext['voiceOver'] {
    if (request.voiceOver === undefined) return undefined;
    const field = request.names?.voiceOver ?? 'voiceOver';
    if (!this.deps.voiceOver) {
      throw new ClipwrightError(ErrorCode.VoiceOverInvalid, 'This engine takes no recorded voice-over', {
        path: field,
      });
    }
    return { provider: this.deps.voiceOver(request.voiceOver), field };
  }

  private share(listener: ProgressListener | undefined, n: number, of: number): ProgressListener | undefined {
    return listener ? (e) => listener({ ...e, fraction: (n + e.fraction) / of }) : undefined;
  }

  private async renderItem(
    plan: Plan,
    item: DataItem,
    outDir: string,
    request: RenderRequest,
    onProgress: ProgressListener | undefined,
  ): Promise<RenderResult> {
    const target = path.resolve(outDir);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const workDir = tempSibling(target);
    await fs.mkdir(workDir, { recursive: true });
    const warnings: ResultWarning[] = [];
    const asked = request.provenance ?? {};
    const provenance = jobProvenance(
      plan.template,
      // A feed's items are separate contents: the request's id names a single item only.
      plan.single ? asked : { ...asked, contentId: undefined },
      this.deps.provenance,
      plan.rights,
      warnings,
      new Date(),
    );
    try {
      return await runPipeline(
        {
          template: plan.template,
          item,
          outputs: plan.outputs,
          rate: frameRate(plan.template.manifest.fps),
          workDir,
          outDir: target,
          images: request.images,
          translationScripts: plan.translations,
          timelineFormats: plan.timelineFormats,
          signal: request.signal,
          lexicon: request.lexicon,
          brand: mergeBrand(templateBrand(plan.template.manifest), request.brand),
          brandLogo: brandLogoOf(plan.template, request.brand),
          voiceOver: this.voiceOverOf(request),
          seed: parseInt(sha256(canonicalJson(item.data)).slice(0, 8), 16),
          now: request.now ?? new Date(),
          services: {
            kinds: this.deps.kinds,
            speech: this.deps.speech,
            ffmpeg: this.deps.ffmpeg,
            presenters: this.deps.presenters,
            encode: this.encode,
            glyphs: this.deps.glyphs,
            finishMp4: this.deps.finishMp4,
            ...(this.deps.images ? { images: this.deps.images } : {}),
          },
          warnings,
          provenance,
        },
        onProgress,
      );
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  }
}

function pickOutputs(declared: OutputSpec[], aspects: string[] | undefined, name: string): OutputSpec[] {
  if (!aspects || aspects.length === 0) return declared;
  return aspects.map((aspect) => {
    const found = declared.find((o) => o.aspect === aspect);
    if (!found) {
      throw new ClipwrightError(
        ErrorCode.InvalidArgument,
        `The template has no ${aspect} output; it renders ${declared.map((o) => o.aspect).join(', ')}`,
        { path: name },
      );
    }
    return found;
  });
}

/** A feed item's folder: its id made safe for a file name, else its index. */
export function itemFolder(item: DataItem): string {
  const safe = item.id?.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return safe && !/^\.+$/.test(safe) ? safe : String(item.index);
}

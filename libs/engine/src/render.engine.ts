import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Image } from '@napi-rs/canvas';
import {
  canonicalJson,
  ClipwrightError,
  ErrorCode,
  OutputResult,
  pointerToPath,
  ProgressListener,
  Rect,
  RenderResult,
  sha256,
  SpeechResult,
  tempSibling,
  writeFileAtomic,
} from '@app/core';
import { buildCues, Cue, toAss, toSrt, toVtt } from '@app/captions';
import {
  defaultTheme,
  FrameLayout,
  Graphic,
  isLandscape,
  layoutFor,
  loadPhoto,
  renderBackground,
  renderDataCard,
  renderLowerThird,
  renderTitleCard,
  Theme,
} from '@app/graphics';
import {
  buildAudioMasterArgs,
  buildComposeArgs,
  buildEbur128Args,
  buildLoudnormMeasureArgs,
  ComposeTimeline,
  defaultEncodeSettings,
  EncodeSettings,
  FfmpegExecutor,
  OverlayLayer,
  parseEbur128Summary,
  parseLoudnormJson,
  STDIN_VIDEO,
} from '@app/media';
import { animatePresenter, lipsync, mouthRect, PresenterLibrary } from '@app/presenter';
import type { SpeechProvider } from '@app/speech';
import {
  BoundTemplate,
  DataItem,
  InputValidator,
  listItems,
  LayerSpec,
  LoadedTemplate,
  OutputSpec,
  PresenterPlacement,
  selectItem,
  TemplateBinder,
  TemplateLoader,
} from '@app/templates';
import { layerWindow, planScenes, ScenePlan, SceneTimes } from './timeline.compiler';
import { ImageSource, RenderedItem, RenderRequest } from './render.types';
import { StageClock } from './stage-clock';
import { version } from './version';

export interface RenderEngineDeps {
  templates: TemplateLoader;
  speech: SpeechProvider[];
  ffmpeg: FfmpegExecutor;
  /** Built-in and channel presenters (models/presenters); needed by templates with a presenter layer. */
  presenters?: PresenterLibrary;
  encode?: EncodeSettings;
}

/** One output's compiled timeline, and the presenter frames that stream into it, if any. */
interface DrawnOutput {
  timeline: ComposeTimeline;
  frames?: AsyncIterable<Buffer>;
  presenter?: OutputResult['presenter'];
  layers: NonNullable<OutputResult['layers']>;
}

const MASTER_AUDIO = 'master.wav';

/** `16:9` -> `16x9`, for file names. */
/** Names one layer of the bound template: scene index and layer index. */
function layerKey(scene: number, layer: number): string {
  return `${scene}/${layer}`;
}

export function aspectSlug(aspect: string): string {
  return aspect.replace(':', 'x');
}

/**
 * One engine for every door (CLI, worker): validates at the edge, then runs the stages with
 * everything typed and required. All intermediate files live in a staging folder beside the output
 * folder; finished files are moved into place one by one (rename is atomic), result.json last, so a
 * failed or cancelled job leaves the output folder as it was.
 */
export class RenderEngine {
  private readonly encode: EncodeSettings;

  constructor(private readonly deps: RenderEngineDeps) {
    this.encode = deps.encode ?? defaultEncodeSettings;
  }

  async render(request: RenderRequest): Promise<RenderedItem[]> {
    const template = await this.deps.templates.load(request.templateId);
    const outputs = pickOutputs(template.manifest.outputs, request.aspects);
    const items = listItems(request.data, template.manifest);
    if (items.length === 0) {
      throw new ClipwrightError(
        ErrorCode.DataSchemaMismatch,
        `${request.dataSource} holds no items to render`,
        {
          path: template.manifest.inputs.collection
            ? pointerToPath(template.manifest.inputs.collection.items)
            : '$',
        },
      );
    }
    const chosen = request.select !== undefined ? [selectItem(items, request.select)] : items;
    // Validate every chosen item before rendering any, so a bad feed fails at once and whole.
    const validator = new InputValidator(
      template.inputSchema,
      `templates/${template.manifest.id}/${template.manifest.inputs.schema}`,
    );
    for (const item of chosen) validator.check(item.data, item.path);

    const single = request.select !== undefined || chosen.length === 1;
    const rendered: RenderedItem[] = [];
    for (const [n, item] of chosen.entries()) {
      const outDir = single ? request.outDir : path.join(request.outDir, itemFolder(item));
      const onProgress: ProgressListener | undefined = request.onProgress
        ? (e) => request.onProgress?.({ ...e, fraction: (n + e.fraction) / chosen.length })
        : undefined;
      const result = await this.renderItem(template, item, outputs, outDir, request, onProgress);
      rendered.push({ outDir, result });
    }
    return rendered;
  }

  private async renderItem(
    template: LoadedTemplate,
    item: DataItem,
    outputs: OutputSpec[],
    outDir: string,
    { signal, images }: Pick<RenderRequest, 'signal' | 'images'>,
    onProgress: ProgressListener | undefined,
  ): Promise<RenderResult> {
    const manifest = template.manifest;
    const clock = new StageClock(onProgress, outputs.length);
    await fs.mkdir(path.dirname(path.resolve(outDir)), { recursive: true });
    const stage = tempSibling(path.resolve(outDir));
    await fs.mkdir(stage, { recursive: true });
    try {
      const bound = await clock.run('bind', () => new TemplateBinder(template).bind(item));
      if (!bound.script) {
        throw new ClipwrightError(
          ErrorCode.TemplateRenderFailed,
          `templates/${manifest.id}/${manifest.script} produced no text to read`,
          {
            path: `templates/${manifest.id}/${manifest.script}`,
          },
        );
      }
      // Before the voice: a missing or wrong image fails the job in milliseconds.
      const photos = await this.loadPhotos(bound, manifest.id, images, signal);
      const speech = await clock.run('speak', () =>
        this.speechProvider(manifest.voice.provider).synthesize({
          text: bound.script,
          voice: manifest.voice.voice,
          rate: manifest.voice.rate,
          workDir: stage,
          signal,
        }),
      );
      const times = planScenes(bound.scenes, speech.duration);
      const cues = await clock.run('caption', async () =>
        shiftCues(buildCues(speech.words), times.speechStart),
      );
      await clock.run('audio', () => this.masterAudio(stage, speech, manifest.audio.loudness, times, signal));

      const theme: Theme = {
        ...defaultTheme,
        ...(manifest.theme?.accent ? { accent: manifest.theme.accent } : {}),
        ...(manifest.theme?.channelName ? { channelName: manifest.theme.channelName } : {}),
      };
      const results: OutputResult[] = [];
      const seed = parseInt(sha256(canonicalJson(item.data)).slice(0, 8), 16);
      for (const output of outputs) {
        const slug = aspectSlug(output.aspect);
        const drawn = await clock.run(`graphics ${output.aspect}`, () =>
          this.drawOutput(stage, output, times, speech, cues, theme, manifest, photos, seed, signal),
        );
        const { timeline } = drawn;
        await clock.run(`compose ${output.aspect}`, (progress) =>
          this.deps.ffmpeg.run(buildComposeArgs(timeline, this.encode), {
            cwd: stage,
            signal,
            duration: timeline.duration,
            onProgress: progress,
            label: `encode ${output.aspect}`,
            stdin: drawn.frames,
          }),
        );
        const measured = await clock.run(`measure ${output.aspect}`, () =>
          this.measure(stage, `clip-${slug}.mp4`, output, manifest.audio.loudness.integrated, signal),
        );
        results.push({
          ...measured,
          ...(drawn.presenter ? { presenter: drawn.presenter } : {}),
          layers: drawn.layers,
        });
      }

      const files: Record<string, string | Buffer> = {
        'script.txt': bound.script + '\n',
        'captions.srt': toSrt(cues),
        'captions.vtt': toVtt(cues),
      };
      for (const [name, content] of Object.entries(files))
        await fs.writeFile(path.join(stage, name), content);
      const result: RenderResult = {
        clipwright: version,
        template: { id: manifest.id, version: manifest.version },
        item: { index: item.index, id: item.id },
        inputsDigest: sha256(canonicalJson(item.data)),
        script: bound.script,
        speech: {
          provider: speech.provider,
          voice: speech.voice,
          duration: round3(speech.duration),
          words: speech.words.length,
        },
        captions: { cues: cues.length, files: ['captions.srt', 'captions.vtt'] },
        outputs: results,
        stages: clock.seconds(),
        createdAt: new Date().toISOString(),
      };
      await deliver(stage, path.resolve(outDir), [...results.map((r) => r.path), ...Object.keys(files)]);
      await writeFileAtomic(path.join(outDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
      return result;
    } finally {
      await fs.rm(stage, { recursive: true, force: true });
    }
  }

  private speechProvider(id: string): SpeechProvider {
    const provider = this.deps.speech.find((p) => p.id === id);
    if (!provider)
      throw new ClipwrightError(ErrorCode.TemplateInvalid, `No voice provider "${id}" is configured`, {
        path: 'template.json#$.voice.provider',
      });
    return provider;
  }

  /** Two-pass EBU R128 on the speech alone, placed at the speech scene's start and padded to the clip. */
  private async masterAudio(
    stage: string,
    speech: SpeechResult,
    loudness: { integrated: number; truePeak: number; range?: number },
    times: SceneTimes,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const target = {
      integrated: loudness.integrated,
      truePeak: loudness.truePeak,
      range: loudness.range ?? 11,
    };
    const input = path.basename(speech.audioPath);
    const measured = await this.deps.ffmpeg.run(buildLoudnormMeasureArgs(input, target), {
      cwd: stage,
      signal,
      label: 'loudness measure',
    });
    const m = parseLoudnormJson(measured.stderr);
    await this.deps.ffmpeg.run(
      buildAudioMasterArgs(input, MASTER_AUDIO, target, m, times.speechStart, times.duration),
      {
        cwd: stage,
        signal,
        label: 'loudness master',
      },
    );
  }

  /**
   * Every image the bound layers name, read through the caller's ImageSource and decoded once for
   * all outputs, keyed by layerKey. An empty binding means no image.
   */
  private async loadPhotos(
    bound: BoundTemplate,
    templateId: string,
    images: ImageSource | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, Image>> {
    const photos = new Map<string, Image>();
    for (const [si, scene] of bound.scenes.entries()) {
      for (const [li, layer] of scene.layers.entries()) {
        if (layer.type !== 'title' || !layer.image) continue;
        const where = `templates/${templateId}/template.json#$.scenes[${si}].layers[${li}].image`;
        if (!images) {
          throw new ClipwrightError(
            ErrorCode.InvalidArgument,
            `${where}: "${layer.image}" names an image, and this render was given no place to read images from`,
            { path: where },
          );
        }
        const bytes = await images(layer.image, signal);
        photos.set(layerKey(si, li), await loadPhoto(bytes, `image "${layer.image}"`));
      }
    }
    return photos;
  }

  /** Draw this output's stills and compile its timeline (pure apart from writing the PNGs and ASS). */
  private async drawOutput(
    stage: string,
    output: OutputSpec,
    times: SceneTimes,
    speech: SpeechResult,
    cues: Cue[],
    theme: Theme,
    manifest: LoadedTemplate['manifest'],
    photos: ReadonlyMap<string, Image>,
    seed: number,
    signal: AbortSignal | undefined,
  ): Promise<DrawnOutput> {
    const slug = aspectSlug(output.aspect);
    const fps = manifest.fps;
    const disclosure = manifest.disclosure ?? 'AI-generated';
    const presenterLayer = findPresenterLayer(times);
    const placement: PresenterPlacement | undefined = presenterLayer
      ? (presenterLayer.layer.placement?.[output.aspect] ??
        (isLandscape(output.width, output.height) ? 'right-third' : 'lower-half'))
      : undefined;
    const layout = layoutFor(output.width, output.height, placement ? { presenter: placement } : {});
    let frames: AsyncIterable<Buffer> | undefined;
    let presenterResult: OutputResult['presenter'];
    const write = async (name: string, g: Graphic): Promise<{ file: string; g: Graphic }> => {
      const file = `${name}-${slug}.png`;
      await fs.writeFile(path.join(stage, file), g.png);
      return { file, g };
    };
    const background = await write('background', renderBackground(layout, theme, { label: disclosure }));
    const overlays: { layer: OverlayLayer; onTop: boolean; kind: string; rect: Rect }[] = [];
    let hasCaptions = false;
    for (const [si, scene] of times.scenes.entries()) {
      for (const [li, layer] of scene.layers.entries()) {
        let drawn: { file: string; g: Graphic } | undefined;
        if (layer.type === 'title') {
          drawn = await write(
            `title${si}-${li}`,
            // The opaque card hides the background's disclosure label: it carries its own.
            renderTitleCard(layout, theme, { ...layer, label: disclosure }, photos.get(layerKey(si, li))),
          );
        } else if (layer.type === 'lowerThird') {
          drawn = await write(`lower${si}-${li}`, renderLowerThird(layout, theme, layer));
        } else if (layer.type === 'dataCard' && layer.rows.length > 0) {
          drawn = await write(`card${si}-${li}`, renderDataCard(layout, theme, layer));
        } else if (layer.type === 'captions') {
          hasCaptions = true;
        } else if (layer.type === 'presenter' && layout.presenter && placement) {
          const drawnPresenter = await this.streamPresenter(
            layer.id,
            layout.presenter,
            scene,
            speech,
            fps,
            seed,
            signal,
          );
          frames = drawnPresenter.frames;
          overlays.push({
            layer: drawnPresenter.overlay,
            onTop: false,
            kind: 'presenter',
            rect: drawnPresenter.rect,
          });
          presenterResult = {
            id: layer.id,
            placement,
            rect: drawnPresenter.rect,
            mouth: drawnPresenter.mouth,
          };
        }
        if (!drawn) continue;
        const w = layerWindow(layer, scene, output.width, {
          file: drawn.file,
          x: drawn.g.x,
          y: drawn.g.y,
          width: drawn.g.width,
        });
        if (!w) continue;
        const { kind, ...motion } = w;
        overlays.push({
          layer: { file: drawn.file, x: drawn.g.x, y: drawn.g.y, ...motion },
          onTop: kind === 'title',
          kind,
          rect: { x: drawn.g.x, y: drawn.g.y, width: drawn.g.width, height: drawn.g.height },
        });
      }
    }
    // Full-frame titles go on top of everything else that shows at the same time (stable sort).
    overlays.sort((a, b) => Number(a.onTop) - Number(b.onTop));
    let subtitles: ComposeTimeline['subtitles'];
    if (hasCaptions && cues.length > 0) {
      const file = `captions-${slug}.ass`;
      await fs.writeFile(path.join(stage, file), toAss(cues, captionStyle(layout)));
      subtitles = { file };
    }
    const timeline: ComposeTimeline = {
      width: output.width,
      height: output.height,
      fps,
      duration: times.duration,
      background: background.file,
      overlays: overlays.map((o) => o.layer),
      subtitles,
      audio: MASTER_AUDIO,
      metadata: {
        comment: `${disclosure}: made by Clipwright ${version} from data and a template`,
        encoded_by: `Clipwright ${version}`,
      },
      output: `clip-${slug}.mp4`,
    };
    const layers = overlays.map(({ kind, layer, rect }) => ({
      kind,
      rect,
      start: round3(layer.start),
      end: round3(layer.end),
    }));
    return { timeline, frames, presenter: presenterResult, layers };
  }

  /**
   * The presenter as a stream of RGBA frames for the speech scene, placed in its rect: the vector
   * rig is drawn at the rect's size; a photo/video presenter comes at its source size from the
   * lip-sync model and is scaled to fit, bottom-centred.
   */
  private async streamPresenter(
    id: string,
    rect: Rect,
    scene: ScenePlan,
    speech: SpeechResult,
    fps: number,
    seed: number,
    signal: AbortSignal | undefined,
  ): Promise<{ frames: AsyncIterable<Buffer>; overlay: OverlayLayer; rect: Rect; mouth: Rect }> {
    const duration = scene.end - scene.start;
    const frameCount = Math.round(duration * fps);
    const base = { file: STDIN_VIDEO, start: scene.start, end: scene.start + frameCount / fps };
    const still = { fadeIn: 0, fadeOut: 0, slideFromX: 0, slideSeconds: 0 };
    const loaded = await this.presenter(id);
    if (loaded.kind === 'rig') {
      const clip = animatePresenter(loaded.presenter, {
        visemes: speech.visemes ?? [],
        clauses: speech.clauses,
        duration,
        fps,
        width: rect.width,
        height: rect.height,
        seed,
      });
      const mouth = mouthRect(loaded.presenter, clip.width, clip.height);
      return {
        frames: clip.frames(),
        overlay: {
          ...base,
          ...still,
          stream: { width: clip.width, height: clip.height },
          x: rect.x,
          y: rect.y,
        },
        rect,
        mouth: { ...mouth, x: rect.x + mouth.x, y: rect.y + mouth.y },
      };
    }
    const clip = await lipsync.renderWav2LipClip(loaded.presenter, speech.audioPath, {
      fps,
      duration,
      signal,
      ffmpeg: this.deps.ffmpeg,
    });
    const scale = Math.min(rect.width / clip.width, rect.height / clip.height);
    const width = 2 * Math.round((clip.width * scale) / 2);
    const height = 2 * Math.round((clip.height * scale) / 2);
    const x = rect.x + Math.round((rect.width - width) / 2);
    const y = rect.y + rect.height - height;
    const face = loaded.presenter.boxes[0];
    return {
      frames: clip,
      overlay: {
        ...base,
        ...still,
        stream: { width: clip.width, height: clip.height, scaleTo: { width, height } },
        x,
        y,
      },
      rect: { x, y, width, height },
      // The model repaints the lower half of the face box.
      mouth: {
        x: x + Math.round(face.x * scale),
        y: y + Math.round((face.y + face.height / 2) * scale),
        width: Math.round(face.width * scale),
        height: Math.round((face.height / 2) * scale),
      },
    };
  }

  private readonly loadedPresenters = new Map<string, ReturnType<PresenterLibrary['loadAny']>>();

  private presenter(id: string): ReturnType<PresenterLibrary['loadAny']> {
    if (!this.deps.presenters) {
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `The template places presenter "${id}" but no presenter library is configured`,
        {
          path: 'template.json#$.scenes',
        },
      );
    }
    let loaded = this.loadedPresenters.get(id);
    if (!loaded) {
      loaded = this.deps.presenters.loadAny(id);
      // A failed load is not cached: the next job reports it again (or succeeds after a fix).
      loaded.catch(() => this.loadedPresenters.delete(id));
      this.loadedPresenters.set(id, loaded);
    }
    return loaded;
  }

  private async measure(
    stage: string,
    file: string,
    output: OutputSpec,
    target: number,
    signal: AbortSignal | undefined,
  ): Promise<OutputResult> {
    const probe = await this.deps.ffmpeg.probe(file, { cwd: stage, signal });
    const loud = parseEbur128Summary(
      (await this.deps.ffmpeg.run(buildEbur128Args(file), { cwd: stage, signal, label: 'loudness check' }))
        .stderr,
    );
    return {
      aspect: output.aspect,
      path: file,
      width: probe.video?.width ?? 0,
      height: probe.video?.height ?? 0,
      duration: round3(probe.duration),
      videoCodec: probe.video ? `${probe.video.codec} ${probe.video.profile} ${probe.video.pixFmt}` : '',
      audioCodec: probe.audio
        ? `${probe.audio.codec} ${probe.audio.sampleRate} Hz ${probe.audio.channels} ch`
        : '',
      loudness: { integrated: loud.integrated, truePeak: loud.truePeak, target },
    };
  }
}

/** The presenter layer, which must stand in the scene the voice reads (its mouth follows that reading). */
function findPresenterLayer(
  times: SceneTimes,
): { layer: Extract<LayerSpec, { type: 'presenter' }> } | undefined {
  for (const scene of times.scenes) {
    for (const layer of scene.layers) {
      if (layer.type !== 'presenter') continue;
      if (scene.start !== times.speechStart) {
        throw new ClipwrightError(
          ErrorCode.TemplateInvalid,
          `A presenter layer must be in the "speech" scene, not in "${scene.id}"`,
          {
            path: 'template.json#$.scenes',
          },
        );
      }
      return { layer };
    }
  }
  return undefined;
}

function pickOutputs(declared: OutputSpec[], aspects?: string[]): OutputSpec[] {
  if (!aspects || aspects.length === 0) return declared;
  return aspects.map((aspect) => {
    const found = declared.find((o) => o.aspect === aspect);
    if (!found) {
      throw new ClipwrightError(
        ErrorCode.InvalidArgument,
        `The template has no ${aspect} output; it renders ${declared.map((o) => o.aspect).join(', ')}`,
        { path: '--aspect' },
      );
    }
    return found;
  });
}

function shiftCues(cues: Cue[], by: number): Cue[] {
  return cues.map((c) => ({ ...c, start: c.start + by, end: c.end + by }));
}

/** Captions sit in the band the layout reserves for them: bottom-centred, white on a dark box. */
function captionStyle(layout: FrameLayout) {
  return {
    playResX: layout.width,
    playResY: layout.height,
    fontName: 'Noto Sans',
    fontSize: layout.captionFontSize,
    bold: false,
    primaryColour: '#FFFFFF',
    boxColour: '#0B0F1A',
    boxOpacity: 0.78,
    marginL: layout.captions.x,
    marginR: layout.width - (layout.captions.x + layout.captions.width),
    marginV: layout.height - (layout.captions.y + layout.captions.height),
  };
}

function itemFolder(item: DataItem): string {
  const safe = item.id?.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return safe && !/^\.+$/.test(safe) ? safe : String(item.index);
}

/** Move finished files from the staging folder into the output folder, each with one rename. */
async function deliver(stage: string, outDir: string, names: string[]): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  for (const name of names) await fs.rename(path.join(stage, name), path.join(outDir, name));
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

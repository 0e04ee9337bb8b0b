// Test doubles for the engine's stage specs (unit tier: no ffmpeg, no espeak-ng). Not built into dist.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpeechResult } from '@app/core';
import { layerKinds } from '@app/layers';
import type { FinishInput } from '@app/provenance';
import {
  defaultEncodeSettings,
  defaultToolPaths,
  FfmpegExecutor,
  type RunOptions,
  type RunResult,
  type Runner,
  type Tool,
} from '@app/media';
import { encodeWav, type SpeechProvider, type SpeechRequest, type VoiceInfo } from '@app/speech';
import { type LoadedTemplate, TemplateLoader, templateBrand } from '@app/templates';
import { frameRate } from '@app/timeline';
import type { AfterGenerate, JobContext } from '../job.types';
import { jobProvenance } from '../job-provenance';
import { bind } from '../stages/bind.stage';
import { caption } from '../stages/caption.stage';
import { generate } from '../stages/generate.stage';
import { perform } from '../stages/perform.stage';
import { speak } from '../stages/speak.stage';

export interface RunCall {
  tool: Tool;
  args: string[];
  options: RunOptions;
  /** Bytes read from stdin and each extra pipe, in order. */
  fed: number[];
}

const LOUDNORM = `{"input_i":"-30.1","input_tp":"-9.2","input_lra":"3.0","input_thresh":"-40.4","target_offset":"0.3"}`;
const EBUR128 =
  'Summary:\n  Integrated loudness:\n    I:         -23.0 LUFS\n  Loudness range:\n    LRA:         3.1 LU\n  True peak:\n    Peak:       -6.5 dBFS\n';

/**
 * A ProcessRunner that runs nothing: it records each call, reads what it is fed (as ffmpeg would),
 * answers loudnorm, ebur128 and ffprobe the way they answer, and creates the file an ffmpeg run
 * writes (its last argument) in its working folder.
 */
export class FakeRunner implements Runner {
  readonly tools = defaultToolPaths;
  readonly calls: RunCall[] = [];
  /** The outputs the finish stage labelled and signed (services.finishMp4 of `jobFor`), in order. */
  readonly finished: { file: string; input: FinishInput }[] = [];

  constructor(private readonly probe = { width: 1920, height: 1080, duration: 10 }) {}

  async run(tool: Tool, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const fed: number[] = [];
    const drain = async (s: unknown): Promise<void> => {
      let n = 0;
      if (s && typeof s === 'object' && Symbol.asyncIterator in s)
        for await (const c of s as AsyncIterable<Buffer>) n += c.length;
      fed.push(n);
    };
    if (options.stdin !== undefined) await drain(options.stdin);
    for (const p of options.pipes ?? []) await drain(p);
    this.calls.push({ tool, args: [...args], options, fed });
    if (tool === 'ffprobe') {
      const { width, height, duration } = this.probe;
      const streams = [
        {
          codec_type: 'video',
          codec_name: 'h264',
          profile: 'High',
          pix_fmt: 'yuv420p',
          width,
          height,
          r_frame_rate: '30/1',
        },
        { codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2 },
      ];
      return {
        stdout: Buffer.from(JSON.stringify({ streams, format: { duration: String(duration) } })),
        stderr: '',
      };
    }
    const text = args.join(' ');
    const stderr = text.includes('print_format=json') ? LOUDNORM : text.includes('ebur128') ? EBUR128 : '';
    const out = args[args.length - 1];
    if (tool === 'ffmpeg' && out !== '-' && options.cwd)
      await fs.writeFile(path.join(options.cwd, out), `made by ${args.slice(0, 8).join(' ')}`);
    return { stdout: Buffer.alloc(0), stderr };
  }

  async *stream(tool: Tool, args: readonly string[], options: RunOptions = {}): AsyncGenerator<Buffer> {
    this.calls.push({ tool, args: [...args], options, fed: [] });
    yield* [];
  }

  /** The ffmpeg calls whose arguments contain `needle`. */
  ffmpeg(needle: string): RunCall[] {
    return this.calls.filter((c) => c.tool === 'ffmpeg' && c.args.join(' ').includes(needle));
  }
}

/**
 * A voice that reads 0.4 s per word into a silent WAV in the request's folder, with word timings,
 * one clause and no visemes. `spokenText` and `warnings`, when given, are passed on as a provider
 * would; `id` is its provider id (default `espeak`), `voices` its catalogue (default en-us and cmn),
 * and `fail`, when given, is thrown by every synthesize call.
 */
export function fakeVoice(
  extra: Partial<Pick<SpeechResult, 'spokenText' | 'warnings'>> & {
    id?: string;
    voices?: () => Promise<VoiceInfo[]>;
    fail?: Error;
  } = {},
): SpeechProvider & {
  requests: SpeechRequest[];
} {
  const requests: SpeechRequest[] = [];
  const { id = 'espeak', voices, fail, ...passed } = extra;
  return {
    id,
    capabilities: { ssml: false, visemes: false, wordTimings: 'measured', cloud: false },
    requests,
    voices:
      voices ??
      (async () =>
        ['en-us', 'cmn'].map((v) => ({
          id: v,
          provider: id,
          name: v,
          languages: [v],
          kind: 'formant' as const,
        }))),
    health: async () => ({ provider: id, ok: true as const, detail: 'test double' }),
    async synthesize(req) {
      requests.push(req);
      if (fail) throw fail;
      const words = req.text.split(/\s+/).filter(Boolean);
      const duration = 0.4 * words.length;
      const audioPath = path.join(req.workDir, 'speech.wav');
      await fs.writeFile(
        audioPath,
        encodeWav({ sampleRate: 8000, samples: new Int16Array(Math.round(duration * 8000)) }),
      );
      return {
        audioPath,
        sampleRate: 8000,
        duration,
        words: words.map((text, i) => ({ text, start: 0.4 * i, end: 0.4 * i + 0.35 })),
        clauses: [{ text: req.text, start: 0, end: duration, firstWord: 0, endWord: words.length }],
        visemes: [],
        provider: id,
        voice: req.voice,
        ...passed,
      };
    },
  };
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `cw-${prefix}-`));
}

/** A template.json of `scenes`, 1920x1080 at 30 fps, -23 LUFS, with an input schema that takes any object. */
export function manifestWith(
  scenes: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: 'test',
    version: 1,
    title: 'Test',
    inputs: { schema: 'inputs.schema.json' },
    fps: 30,
    outputs: [{ aspect: '16:9', width: 1920, height: 1080 }],
    voice: { provider: 'espeak', voice: 'en-us', rate: 160 },
    audio: { loudness: { integrated: -23, truePeak: -1 } },
    scenes,
    ...extra,
  };
}

/** Writes a template folder `<root>/test` and loads it with every registered kind. */
export async function loadTestTemplate(
  root: string,
  manifest: Record<string, unknown>,
  files: Record<string, string | Buffer> = {},
  presentersDir = path.resolve(__dirname, '../../../../models/presenters'),
): Promise<LoadedTemplate> {
  const dir = path.join(root, 'test');
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'template.json'), JSON.stringify(manifest));
  await fs.writeFile(path.join(dir, 'inputs.schema.json'), JSON.stringify({ type: 'object' }));
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
  return new TemplateLoader(root, { presentersDir }).load('test');
}

/** A job for `template` over `data`, working in `workDir`, with a fake runner and voice unless given. */
export function jobFor(
  template: LoadedTemplate,
  workDir: string,
  over: Partial<Omit<JobContext, 'services'>> & { services?: Partial<JobContext['services']> } = {},
): JobContext & { runner: FakeRunner } {
  const runner = new FakeRunner();
  const { services, ...rest } = over;
  return {
    template,
    item: { index: 0, id: 'item-0', path: '$', data: { place: 'Hualien' } },
    outputs: template.manifest.outputs,
    rate: frameRate(template.manifest.fps),
    workDir,
    outDir: path.join(workDir, '..', 'out'),
    seed: 7,
    warnings: [],
    progress: () => undefined,
    provenance: jobProvenance(
      template,
      { contentId: 'job-1', workspace: { id: 'ws-1', commercial: false } },
      { signer: null },
      { workspaceCommercial: false, checkedAt: '2026-01-01T00:00:00.000Z', used: [] },
      [],
      new Date('2026-01-01T00:00:00Z'),
    ),
    ...rest,
    brand: over.brand ?? templateBrand(template.manifest),
    services: {
      kinds: layerKinds,
      speech: [fakeVoice()],
      ffmpeg: new FfmpegExecutor(runner),
      encode: defaultEncodeSettings,
      finishMp4: async (file, input) => {
        runner.finished.push({ file, input });
        return { bytes: 0, xmp: true, aigc: input.labels.aigc !== null, c2pa: { signed: false } };
      },
      ...services,
    },
    runner,
  };
}

/** The job as the compose stage gets it: bind, speak, caption, perform and generate run for real (with the fakes). */
export async function throughGenerate<J extends JobContext>(job: J): Promise<J & AfterGenerate> {
  const bound = { ...job, ...(await bind(job)) };
  const spoken = { ...bound, ...(await speak(bound)) };
  const captioned = { ...spoken, ...(await caption(spoken)) };
  const performed = { ...captioned, ...(await perform(captioned)) };
  return { ...performed, ...(await generate(performed)) };
}

/**
 * A fresh folder per test (`root`) with a working folder inside (`work`), removed after it. Call it
 * inside a describe; read the paths inside tests.
 */
export function useWorkspace(prefix: string, each = true): { root: string; work: string } {
  const ws = { root: '', work: '' };
  (each ? beforeEach : beforeAll)(async () => {
    ws.root = await tempDir(prefix);
    ws.work = path.join(ws.root, 'work');
    await fs.mkdir(ws.work);
  });
  (each ? afterEach : afterAll)(() => fs.rm(ws.root, { recursive: true, force: true }));
  return ws;
}

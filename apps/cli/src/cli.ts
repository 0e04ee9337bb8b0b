import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { clipwrightPackage, ClipwrightError, ErrorCode, toClipwrightError } from '@app/core';
import {
  createRenderEngine,
  engineSpeech,
  folderImageSource,
  type ItemOutcome,
  type RenderRequest,
} from '@app/engine';
import { toolPathsFromEnv, encodeSettingsFromEnv } from '@app/media';
import { batchExitCode, outcomeError, writeBatchReport } from './batch.report';
import { CAPTION_TRANSLATION_OPTION, collect, readCaptionTranslations } from './caption-translation.option';
import { registerKeysCommand } from './keys.command';
import { registerVoicesCommand } from './voices.command';
import { registerModelsCommand } from './models.command';
import { registerCertsCommand } from './certs.command';
import { registerVerifyCommand } from './verify.command';
import { registerValidateCommand } from './validate.command';
import { readBrandFile, withBrandLogo } from './brand.file';
import { loadLexiconFile, speechConfigFromEnv } from '@app/speech';
import { parseStory, readDataFile, type StoryFormat, TemplateLoader } from '@app/templates';
import { labelsFromConfig, provenanceConfigFromEnv } from '@app/provenance';
import { CONSENTS_ENV, readConsentsFile } from './consents.file';

/** Exit codes are part of the CLI's contract: scripts and CI steps branch on them. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_CANCELLED = 130;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Progress on a terminal redraws one line; elsewhere one line per stage. */
  isTty: boolean;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTty: Boolean(process.stderr.isTTY),
};

function templatesDir(option: string | undefined): string {
  return path.resolve(
    option ?? process.env.CLIPWRIGHT_TEMPLATES ?? path.join(clipwrightPackage().root, 'templates'),
  );
}

function presentersDir(): string {
  return path.resolve(
    process.env.CLIPWRIGHT_PRESENTERS ?? path.join(clipwrightPackage().root, 'models', 'presenters'),
  );
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The render command's input: the --data file as it is, or the --script read into a story
 * (parseStory). Throws INVALID_ARGUMENT unless exactly one is given; the parser's errors name the line.
 */
async function readInput(opts: {
  data?: string;
  script?: string;
  scriptFormat?: StoryFormat;
}): Promise<{ data: unknown; source: string }> {
  if ((opts.data === undefined) === (opts.script === undefined)) {
    throw new ClipwrightError(ErrorCode.InvalidArgument, 'give either --data <file> or --script <file>', {
      path: opts.data === undefined ? '--data' : '--script',
    });
  }
  if (opts.data !== undefined) return { data: await readDataFile(opts.data), source: opts.data };
  const file = opts.script!;
  const text = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new ClipwrightError(ErrorCode.DataUnreadable, `cannot read --script ${file} (${e.code})`, {
      path: '--script',
      cause: e,
    });
  });
  const format = opts.scriptFormat ?? (/\.(md|markdown)$/i.test(file) ? 'markdown' : 'text');
  return { data: parseStory(text, format, `--script ${file}`), source: file };
}

/** Runs the CLI and resolves to its exit code; never throws. */
/** `--now`: an ISO 8601 date-time; anything else is INVALID_ARGUMENT naming the option. */
function parseNowOption(value: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw new ClipwrightError(ErrorCode.InvalidArgument, `--now: "${value}" is not an ISO 8601 date-time`, {
      path: '--now',
    });
  }
  return at;
}

export async function runCli(argv: string[], io: CliIo = defaultIo, signal?: AbortSignal): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('clipwright')
    .description('Turn structured data and a template into finished video clips.')
    .version(clipwrightPackage().version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('render')
    .description('Render clips from a data file with a template, in this process (no servers needed)')
    .requiredOption('-t, --template <id>', 'template id (a folder of the templates directory)')
    .option(
      '-d, --data <file>',
      'JSON data: one item, an array, or a feed such as a USGS GeoJSON FeatureCollection',
    )
    .option(
      '--script <file>',
      "instead of --data, a reporter's script (Markdown, or plain text): a headline line, paragraphs, ![caption](photo.jpg) lines (next to the script) and '> lower third: Name — Title' lines; e.g. --template story",
    )
    .addOption(
      new Option(
        '--script-format <format>',
        'how the script is written (default: markdown for .md/.markdown, else text)',
      ).choices(['markdown', 'text']),
    )
    .requiredOption('-o, --out <dir>', 'output folder (created; files are moved in only when finished)')
    .option(
      '-s, --select <index|id>',
      'render one item of a feed, by index or id (default: every item, one folder each)',
    )
    .option(
      '-a, --aspect <list>',
      'comma-separated aspects to render, e.g. 16:9,9:16 (default: all the template declares)',
    )
    .option(
      `${CAPTION_TRANSLATION_OPTION} <lang=file>`,
      'captions in another language from a translated script, e.g. es=guion.txt (repeatable): captions.es.srt/.vtt/.ttml and an MP4 subtitle track',
      collect,
    )
    .option(
      '--templates-dir <dir>',
      'where templates live (default: $CLIPWRIGHT_TEMPLATES or the package templates/)',
    )
    .option(
      '--labels <profile>',
      "AI label profile: eu, cn, none, or a custom profile JSON file (default: the template's, else $CLIPWRIGHT_LABELS, else eu)",
    )
    .option(
      '--consents <file>',
      `the workspace's rights settings and consent records, JSON (default: $${CONSENTS_ENV}; docs/provenance.md)`,
    )
    .option(
      '--lexicon <file>',
      'pronunciation lexicon (JSON: {"entries": [{"grapheme", "alias", "phoneme"?}]}): changes what the voice says, never the captions',
    )
    .option(
      '--voice-over <file>',
      'a recorded reading of the script (WAV, MP3, M4A) used as the voice; captions follow its timing',
    )
    .option(
      '--brand <file>',
      'the look laid over the template\'s (JSON: {"channelName", "logo", "colors": {"accent", "background", "text"}, "font", "aiLabel"}; logo relative to the file)',
    )
    .option(
      '--timeline <list>',
      'editable timelines to export with their layered media, comma-separated: otio,fcpxml,xmeml,mlt,edl (docs/timelines.md)',
    )
    .option(
      '--now <time>',
      'render as if at this ISO 8601 time (sale windows, dates relative to today); default: now',
    )
    .option(
      '--loudness <preset>',
      "delivery loudness of every output: broadcast (-23 LUFS, EBU R128), web (-16) or social (-14), true peak <= -1 dBTP (default: each output's in the template)",
    )
    .addOption(new Option('--json', 'print the result manifest(s) as JSON on stdout'))
    .action(
      async (opts: {
        template: string;
        data?: string;
        script?: string;
        scriptFormat?: StoryFormat;
        out: string;
        select?: string;
        aspect?: string;
        captionTranslation?: string[];
        templatesDir?: string;
        labels?: string;
        consents?: string;
        lexicon?: string;
        brand?: string;
        voiceOver?: string;
        timeline?: string;
        loudness?: string;
        now?: string;
        json?: boolean;
      }) => {
        // Signing keys and the default profile are checked before anything renders.
        const provenance = await provenanceConfigFromEnv(process.env);
        const consentsFile = opts.consents ?? process.env[CONSENTS_ENV];
        const rights = consentsFile ? await readConsentsFile(consentsFile) : {};
        const labels =
          opts.labels !== undefined ? await labelsFromConfig(opts.labels, '--labels') : undefined;
        const engine = createRenderEngine(
          {
            templatesDir: templatesDir(opts.templatesDir),
            presentersDir: presentersDir(),
            tools: toolPathsFromEnv(process.env),
            encode: encodeSettingsFromEnv(process.env),
            provenance: { signer: provenance.signer, defaultLabels: provenance.defaultLabels },
          },
          engineSpeech(speechConfigFromEnv(process.env)),
        );
        const { data, source } = await readInput(opts);
        const translations = opts.captionTranslation
          ? await readCaptionTranslations(opts.captionTranslation)
          : undefined;
        const lexicon = opts.lexicon !== undefined ? await loadLexiconFile(opts.lexicon) : undefined;
        const brand = opts.brand !== undefined ? await readBrandFile(opts.brand) : undefined;
        let lastStage = '';
        const request: RenderRequest = {
          templateId: opts.template,
          data,
          dataSource: source,
          select: opts.select,
          outDir: opts.out,
          aspects: opts.aspect ? splitList(opts.aspect) : undefined,
          signal,
          images: withBrandLogo(
            folderImageSource(
              path.dirname(path.resolve(source)),
              opts.script !== undefined ? 'next to the script' : 'next to the data file',
            ),
            brand,
          ),
          brand: brand?.brand,
          names: {
            template: '--template',
            select: '--select',
            aspects: '--aspect',
            translations: CAPTION_TRANSLATION_OPTION,
            voiceOver: '--voice-over',
            timeline: '--timeline',
            brand: '--brand',
            loudness: '--loudness',
          },
          captions: translations ? { translations } : undefined,
          provenance: { ...rights, ...(labels !== undefined ? { labels } : {}) },
          lexicon,
          voiceOver: opts.voiceOver !== undefined ? path.resolve(opts.voiceOver) : undefined,
          timeline: opts.timeline !== undefined ? splitList(opts.timeline) : undefined,
          loudness: opts.loudness,
          now: opts.now !== undefined ? parseNowOption(opts.now) : undefined,
          onProgress: (e) => {
            const pct = `${Math.floor(e.fraction * 100)}%`.padStart(4);
            if (io.isTty) io.stderr(`\r${pct} ${e.stage}`.padEnd(40));
            else if (e.stage !== lastStage) io.stderr(`${pct} ${e.stage}\n`);
            lastStage = e.stage;
          },
        };
        // One item asked for: it renders or fails alone. A feed: each item on its own, batch.json says how each went.
        const outcomes: ItemOutcome[] =
          opts.select !== undefined
            ? (await engine.render(request)).map((r) => ({
                ...r.result.item,
                path: '',
                outDir: r.outDir,
                status: 'done',
                result: r.result,
              }))
            : await engine.renderEach(request);
        if (io.isTty) io.stderr('\n');
        const batch = opts.select === undefined && (outcomes.length > 1 || outcomes[0]?.outDir !== opts.out);
        if (!batch && outcomes[0]?.status === 'failed') throw outcomeError(outcomes[0]);
        const rendered = outcomes.filter((o) => o.result);
        if (opts.json)
          io.stdout(
            JSON.stringify(
              rendered.map((r) => r.result),
              null,
              2,
            ) + '\n',
          );
        for (const { outDir, result } of rendered) {
          if (!result) continue;
          io.stderr(
            `rendered ${result.template.id} item ${result.item.id ?? result.item.index} into ${outDir}\n`,
          );
          for (const o of result.outputs) {
            io.stderr(
              `  ${o.path}  ${o.width}x${o.height}  ${o.duration.toFixed(2)} s  ${o.loudness.integrated} LUFS  ${o.loudness.truePeak} dBTP\n`,
            );
          }
          io.stderr(`  captions: ${result.captions.cues} cues; script: ${result.script.length} characters\n`);
          const signed = result.outputs.map((o) => o.provenance?.c2pa).find((c) => c?.signed);
          io.stderr(
            `  labels: profile ${result.provenance?.labelProfile ?? '?'}; content credentials: ${
              signed?.signed ? `signed (${signed.alg}) by "${signed.signer}"` : 'UNSIGNED'
            }\n`,
          );
          for (const w of result.warnings ?? [])
            io.stderr(`  warning ${w.code}: ${w.message}${w.path ? ` (at ${w.path})` : ''}\n`);
        }
        if (!batch) return;
        for (const o of outcomes.filter((x) => x.status === 'failed')) {
          const e = o.error!;
          io.stderr(
            `failed item ${o.id ?? o.index} (${o.path}): ${e.code}: ${e.message}${e.path ? ` (at ${e.path})` : ''}\n`,
          );
        }
        const report = await writeBatchReport(opts.out, opts.template, source, outcomes);
        io.stderr(
          `${report.summary.done} of ${report.summary.total} items rendered, ${report.summary.failed} failed; see ${path.join(opts.out, 'batch.json')}\n`,
        );
        exitCode = batchExitCode(outcomes);
      },
    );

  program
    .command('templates')
    .description('List the templates available')
    .option('--templates-dir <dir>', 'where templates live')
    .action(async (opts: { templatesDir?: string }) => {
      const loader = new TemplateLoader(templatesDir(opts.templatesDir), { presentersDir: presentersDir() });
      for (const id of await loader.list()) {
        const t = await loader.load(id);
        io.stdout(`${id}\t${t.manifest.title}\t${t.manifest.outputs.map((o) => o.aspect).join(',')}\n`);
      }
    });

  registerKeysCommand(program, io);
  registerVoicesCommand(program, io);
  registerModelsCommand(program, io);
  registerCertsCommand(program, io);
  registerVerifyCommand(program, io);
  registerValidateCommand(program, io, presentersDir, (code) => (exitCode = code));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    exitCode = reportError(e, io);
  }
  return exitCode;
}

function reportError(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // Help and version "errors" are successful exits; everything else is a usage error.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return EXIT_OK;
    return EXIT_BAD_INPUT;
  }
  const err = toClipwrightError(e);
  const where = err.path ? ` (at ${err.path})` : '';
  io.stderr(`error ${err.code}: ${err.message}${where}\n`);
  if (err.code === ErrorCode.Cancelled) return EXIT_CANCELLED;
  if (err.isInputError) return EXIT_BAD_INPUT;
  const tail = err.detail?.logTail;
  if (typeof tail === 'string') io.stderr(`last lines of the tool's log:\n${tail}\n`);
  if (
    process.env.CLIPWRIGHT_DEBUG &&
    e instanceof Error &&
    !(e instanceof ClipwrightError && e.isInputError)
  ) {
    io.stderr(`${(err.cause as Error | undefined)?.stack ?? err.stack}\n`);
  }
  return EXIT_INTERNAL;
}

/**
 * The provenance lib end to end on real files, as the engine's finish stage will use it: ffmpeg
 * encodes a clip with the label profile's visible label overlaid and the implicit labels as
 * metadata; finishMp4/finishPng add the XMP packet and sign the C2PA manifest; ffprobe, exiftool
 * and c2pa-rs (the same library, as the verifier) read everything back; one changed byte of video
 * data fails the hard binding; `clipwright verify` answers 0 and 2.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { FfmpegExecutor } from '@app/media';
import { runCli } from '../../../apps/cli/src/cli';
import { createSigner } from './c2pa/signing-credentials';
import { createDevCertificates, DevCertificates } from './certs/dev-certificates';
import {
  buildImplicitLabels,
  DIGITAL_SOURCE_TYPE,
  digitalSourceTypeFor,
  ImplicitLabels,
} from './implicit/implicit-labels';
import { readTopLevelBoxes } from './implicit/mp4-boxes';
import { LABEL_MOVFLAGS, mp4LabelMetadataArgs } from './implicit/mp4-metadata.args';
import { LabelPlan, planVisibleLabel } from './labels/label-plan';
import { BUILT_IN_PROFILES, LabelProfile } from './labels/label-profile';
import { renderLabelPng } from './labels/label.graphic';
import { FinishInput, finishMp4, finishPng } from './provenance.finish';
import { checkRights, presenterRights, voiceRights } from './rights/rights.check';
import { verifyFile } from './verify';

jest.setTimeout(180_000);

const ffmpeg = new FfmpegExecutor();
const BACKGROUND = [0x20, 0x40, 0x60];
let work: string;
let dev: DevCertificates;

function exiftool(file: string): Record<string, unknown> {
  try {
    return (
      JSON.parse(execFileSync('exiftool', ['-j', '-G1', '-a', file], { encoding: 'utf8' })) as Record<
        string,
        unknown
      >[]
    )[0];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('exiftool is missing: apt-get install libimage-exiftool-perl', { cause: e });
    throw e;
  }
}

function ffprobeTags(file: string): Record<string, string> {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format_tags', '-of', 'json', file], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { format: { tags: Record<string, string> } }).format.tags;
}

/** One decoded frame at `t` seconds, RGB. */
function frameAt(file: string, t: number, width: number, height: number): Buffer {
  const args = ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']; // prettier-ignore
  const rgb = execFileSync('ffmpeg', args, { maxBuffer: width * height * 3 + 1024 });
  expect(rgb.length).toBe(width * height * 3);
  return rgb;
}

/** Bounding boxes in a frame: pixels far from the background colour, and near-white (label text) pixels. */
function measure(rgb: Buffer, width: number, height: number) {
  const box = () => ({ x0: Infinity, y0: Infinity, x1: -1, y1: -1 });
  const changed = box();
  const white = box();
  const grow = (b: ReturnType<typeof box>, x: number, y: number) => {
    b.x0 = Math.min(b.x0, x);
    b.y0 = Math.min(b.y0, y);
    b.x1 = Math.max(b.x1, x);
    b.y1 = Math.max(b.y1, y);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const d =
        Math.abs(rgb[i] - BACKGROUND[0]) +
        Math.abs(rgb[i + 1] - BACKGROUND[1]) +
        Math.abs(rgb[i + 2] - BACKGROUND[2]);
      if (d > 60) grow(changed, x, y);
      if (rgb[i] > 200 && rgb[i + 1] > 200 && rgb[i + 2] > 200) grow(white, x, y);
    }
  }
  const rect = (b: ReturnType<typeof box>) =>
    b.x1 < 0 ? null : { x: b.x0, y: b.y0, width: b.x1 - b.x0 + 1, height: b.y1 - b.y0 + 1 };
  return { changed: rect(changed), text: rect(white) };
}

function jobLabels(profile: LabelProfile, includesPhoto: boolean): ImplicitLabels {
  return buildImplicitLabels({
    contentId: '0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
    workspace: 'newsroom',
    generator: { name: 'Clipwright', version: '0.1.0' },
    digitalSourceType: digitalSourceTypeFor(includesPhoto),
    aigc: profile.implicit.aigc,
    createdAt: new Date(),
  });
}

/** A clip as the engine makes one: solid picture, a sine tone, the label overlaid for its window, labels as tags. */
async function encodeClip(
  file: string,
  size: { width: number; height: number },
  duration: number,
  plan: LabelPlan | null,
  labels: ImplicitLabels,
) {
  const inputs = [
    '-f',
    'lavfi',
    '-i',
    `color=c=0x204060:s=${size.width}x${size.height}:r=25:d=${duration}`,
    '-f',
    'lavfi',
    '-i',
    `sine=f=440:sample_rate=48000:d=${duration}`,
  ];
  let graph: string[] = ['-map', '0:v'];
  if (plan) {
    const png = path.join(path.dirname(file), `label-${path.basename(file)}.png`);
    await fs.writeFile(png, renderLabelPng(plan));
    inputs.push('-loop', '1', '-i', png);
    graph = [
      '-filter_complex',
      `[0:v][2:v]overlay=x=${plan.rect.x}:y=${plan.rect.y}:shortest=1:enable='between(t,${plan.start},${plan.end})'[v]`,
      '-map',
      '[v]',
    ];
  }
  await ffmpeg.run([
    '-hide_banner', '-v', 'error', '-y', ...inputs, ...graph, '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', String(duration),
    '-movflags', `+faststart${LABEL_MOVFLAGS}`, ...mp4LabelMetadataArgs(labels), file,
  ]); // prettier-ignore
}

function finishInput(
  labels: ImplicitLabels,
  plan: LabelPlan | null,
  profile: LabelProfile,
  over: Partial<FinishInput> = {},
): FinishInput {
  const decision = checkRights(
    [
      ...presenterRights({
        id: 'ada',
        name: 'Ada',
        kind: 'rig',
        licence: 'Apache-2.0 (drawn for Clipwright)',
      }),
      voiceRights({ provider: 'espeak-ng', voice: 'en-us' }),
    ],
    { commercial: false },
    [],
    new Date(),
  );
  if (!decision.ok) throw new Error(decision.refusal.message);
  return {
    labels,
    template: { id: 'news-brief', version: 1 },
    rights: decision.report,
    disclosure: {
      profileId: profile.id,
      visibleLabel: plan && { text: plan.text, language: plan.language, start: plan.start, end: plan.end },
      spokenLine: null,
    },
    ingredients: [],
    signer: createSigner(dev.keyPem, dev.chainPem),
    ...over,
  };
}

function cliIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), isTty: false },
  };
}

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-provenance-'));
  dev = await createDevCertificates();
});
afterAll(() => fs.rm(work, { recursive: true, force: true }));

describe('cn profile on a 1280x720 clip', () => {
  const size = { width: 1280, height: 720 };
  const profile = BUILT_IN_PROFILES.cn;
  let file: string;
  let plan: LabelPlan;
  let still: string;
  let photo: string;

  beforeAll(async () => {
    file = path.join(work, 'clip-16x9.mp4');
    plan = planVisibleLabel({ profile, ...size, duration: 4, language: 'zh-CN' })!;
    await encodeClip(file, size, 4, plan, jobLabels(profile, true));
    // A generated still (finished first, so the clip carries its credentials) and an uploaded photo.
    still = path.join(work, 'backdrop.png');
    const canvas = createCanvas(320, 180);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#884422';
    ctx.fillRect(0, 0, 320, 180);
    await fs.writeFile(still, canvas.toBuffer('image/png'));
    await finishPng(still, {
      ...finishInput(jobLabels(profile, false), null, profile),
      imageModel: { name: 'tiny-diffusion', version: '1' },
    });
    photo = path.join(work, 'harbour.jpg');
    await fs.writeFile(photo, canvas.toBuffer('image/jpeg'));
    await finishMp4(
      file,
      finishInput(jobLabels(profile, true), plan, profile, {
        ingredients: [
          {
            ref: { id: 'backdrop', title: 'backdrop.png', format: 'image/png', origin: 'generated' },
            file: still,
          },
          {
            ref: { id: 'photo', title: 'harbour.jpg', format: 'image/jpeg', origin: 'uploaded' },
            file: photo,
          },
        ],
      }),
    );
  });

  it('shows the label from the first frame for at least 2 s at >= 5% of the shorter side, where planned', () => {
    for (const t of [0, 1, 1.96, 2.9]) {
      const seen = measure(frameAt(file, t, size.width, size.height), size.width, size.height);
      expect(seen.changed).not.toBeNull();
      // The badge, where the plan put it (a pixel of slack for the encoder's edges).
      expect(Math.abs(seen.changed!.x - plan.rect.x)).toBeLessThanOrEqual(2);
      expect(Math.abs(seen.changed!.y - plan.rect.y)).toBeLessThanOrEqual(2);
      expect(Math.abs(seen.changed!.height - plan.rect.height)).toBeLessThanOrEqual(3);
      expect(seen.text!.height).toBeGreaterThanOrEqual(Math.ceil(0.05 * 720));
    }
    expect(measure(frameAt(file, 3.5, size.width, size.height), size.width, size.height).changed).toBeNull();
  });

  it('carries the AIGC and comment tags (ffprobe, exiftool) and the XMP packet (exiftool)', () => {
    const tags = ffprobeTags(file);
    expect(JSON.parse(tags.AIGC)).toEqual({
      Label: '1',
      ContentProducer: 'Clipwright (newsroom)',
      ProduceID: '0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
      ReservedCode1: '',
      ContentPropagator: '',
      PropagateID: '',
      ReservedCode2: '',
    });
    expect(tags.comment).toBe(
      'AI-generated: made by Clipwright 0.1.0 for workspace newsroom, job 0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
    );
    const exif = exiftool(file);
    expect(JSON.parse(String(exif['Keys:AIGC'])).ProduceID).toBe('0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e');
    expect(exif['XMP-iptcExt:DigitalSourceType']).toBe(
      DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia,
    );
    expect(JSON.parse(String(exif['XMP-TC260:Aigc'])).Label).toBe('1');
    expect(exif['XMP-xmp:CreatorTool']).toBe('Clipwright 0.1.0');
  });

  it('still plays: every frame decodes after signing, moov before mdat', async () => {
    const { stderr } = await ffmpeg.run(['-hide_banner', '-v', 'error', '-i', file, '-f', 'null', '-']);
    expect(stderr.trim()).toBe('');
    expect((await ffmpeg.probe(file)).duration).toBeCloseTo(4, 1);
    const order = readTopLevelBoxes(await fs.readFile(file)).map((b) => b.type);
    expect(order.indexOf('moov')).toBeLessThan(order.indexOf('mdat'));
  });

  it('has valid, trusted credentials naming the template, voice, presenter and ingredients', async () => {
    const report = await verifyFile(file, { trustAnchorsPem: dev.caPem });
    expect(report.credentials).toMatchObject({
      present: true,
      valid: true,
      signature: 'valid',
      hardBinding: 'valid',
      trust: 'trusted',
    });
    const m = report.credentials.manifest!;
    expect(m.template).toEqual({ id: 'news-brief', version: 1 });
    expect(m.digitalSourceType).toBe(DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia);
    expect(m.models.map((x) => `${x.kind}:${x.id}`)).toEqual(['presenter:ada', 'voice:espeak-ng:en-us']);
    expect(m.ingredients.map((i) => i.title)).toEqual(['backdrop.png', 'harbour.jpg']);
    expect(m.assertions).toEqual(
      expect.arrayContaining(['c2pa.actions.v2', 'c2pa.hash.bmff.v3', 'dev.clipwright.ai-disclosure']),
    );
    expect(m.aiDisclosure).toMatchObject({
      labelProfile: 'cn',
      visibleLabel: { text: '人工智能生成', start: 0, end: 3 },
    });
    expect(report.labels).toMatchObject({
      aigcSource: 'mp4 metadata',
      xmp: true,
      digitalSourceType: DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia,
    });
  });

  it('fails the hard binding when one byte of the video data changes; verify exits 0, then 2', async () => {
    const good = cliIo();
    expect(await runCli(['verify', file, '--trust', path.join(work, 'ca.pem')], good.io)).toBe(2); // no such trust file
    await fs.writeFile(path.join(work, 'ca.pem'), dev.caPem);
    const ok = cliIo();
    expect(await runCli(['verify', file, '--trust', path.join(work, 'ca.pem')], ok.io)).toBe(0);
    expect(ok.out.join('')).toMatch(
      /Content credentials \(C2PA\): VALID[\s\S]*template\s+news-brief v1[\s\S]*presenter\s+ada "Ada"[\s\S]*voice\s+espeak-ng:en-us/,
    );

    const tampered = path.join(work, 'tampered.mp4');
    const bytes = await fs.readFile(file);
    const mdat = readTopLevelBoxes(bytes).find((b) => b.type === 'mdat')!;
    bytes[mdat.start + Math.floor((mdat.size - (mdat.start - mdat.offset)) / 2)] ^= 0x01;
    await fs.writeFile(tampered, bytes);
    const report = await verifyFile(tampered, { trustAnchorsPem: dev.caPem });
    expect(report.credentials).toMatchObject({ valid: false, signature: 'valid', hardBinding: 'invalid' });
    expect(report.credentials.failures.map((f) => f.code)).toContain('assertion.bmffHash.mismatch');
    const bad = cliIo();
    expect(await runCli(['verify', tampered], bad.io)).toBe(2);
    expect(bad.err.join('')).toContain('CONTENT_CREDENTIALS_INVALID');
    expect(bad.err.join('')).toContain('the hard binding does not validate');
  });

  it('labels and signs the generated still: exiftool reads its XMP and AIGC chunk', async () => {
    const exif = exiftool(still);
    expect(exif['XMP-iptcExt:DigitalSourceType']).toBe(DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia);
    expect(JSON.parse(String(exif['PNG:AIGC'])).ContentProducer).toBe('Clipwright (newsroom)');
    const report = await verifyFile(still, { trustAnchorsPem: dev.caPem });
    expect(report.credentials).toMatchObject({ valid: true, hardBinding: 'valid', trust: 'trusted' });
    expect(report.credentials.manifest?.signer.alg).toBe('Es256');
  });
});

describe('eu and none profiles', () => {
  it('eu: a 9:16 clip with the corner badge for the whole clip', async () => {
    const size = { width: 360, height: 640 };
    const profile = BUILT_IN_PROFILES.eu;
    const file = path.join(work, 'clip-9x16.mp4');
    const plan = planVisibleLabel({ profile, ...size, duration: 2, language: 'en' })!;
    await encodeClip(file, size, 2, plan, jobLabels(profile, false));
    await finishMp4(file, finishInput(jobLabels(profile, false), plan, profile));
    for (const t of [0, 1.9]) {
      const seen = measure(frameAt(file, t, size.width, size.height), size.width, size.height);
      expect(seen.changed!.x + seen.changed!.width).toBeGreaterThanOrEqual(plan.rect.x + plan.rect.width - 2);
      expect(seen.changed!.y).toBeLessThanOrEqual(plan.rect.y + 2);
    }
    const report = await verifyFile(file);
    expect(report.credentials).toMatchObject({ valid: true, trust: 'not-checked' });
    expect(report.labels.aigc?.Label).toBe('1');
  });

  it('none: no visible label and no AIGC field, still the XMP source type and signed credentials', async () => {
    const size = { width: 320, height: 320 };
    const profile = BUILT_IN_PROFILES.none;
    const file = path.join(work, 'clip-1x1.mp4');
    await encodeClip(file, size, 2, null, jobLabels(profile, false));
    await finishMp4(file, finishInput(jobLabels(profile, false), null, profile));
    expect(measure(frameAt(file, 0.5, size.width, size.height), size.width, size.height).changed).toBeNull();
    expect(ffprobeTags(file).AIGC).toBeUndefined();
    expect(exiftool(file)['XMP-iptcExt:DigitalSourceType']).toBe(DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia);
    expect((await verifyFile(file)).credentials.valid).toBe(true);
  });

  it('refuses to finish a clip whose encode left out the AIGC tag', async () => {
    const file = path.join(work, 'untagged.mp4');
    const labels = jobLabels(BUILT_IN_PROFILES.cn, false);
    await encodeClip(file, { width: 320, height: 180 }, 1, null, { ...labels, aigc: null });
    await expect(finishMp4(file, finishInput(labels, null, BUILT_IN_PROFILES.cn))).rejects.toThrow(
      'has no AIGC tag',
    );
  });
});

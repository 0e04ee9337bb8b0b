import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  jobFor,
  loadTestTemplate,
  manifestWith,
  useWorkspace,
  throughGenerate,
} from '../testing/engine.testing';
import { compose } from './compose.stage';
import { deliver } from './deliver.stage';
import { finish } from './finish.stage';

jest.setTimeout(120_000);

describe('finish and deliver stages (with a fake process runner)', () => {
  const ws = useWorkspace('finish');

  async function composed(scenes: unknown[]) {
    const template = await loadTestTemplate(
      ws.root,
      manifestWith(scenes, { outputs: [{ aspect: '16:9', width: 320, height: 180 }] }),
    );
    const job = await throughGenerate(jobFor(template, ws.work));
    return { ...job, ...(await compose(job)) };
  }

  it('masters the voice once (EBU R128, two passes), encodes and measures each output, writes the sidecars', async () => {
    const job = await composed([
      { id: 'open', duration: 2, layers: [{ type: 'background' }] },
      {
        id: 'read',
        duration: 'speech',
        narration: 'Hello there.',
        layers: [{ type: 'background' }, { type: 'captions' }],
      },
    ]);
    const progress: number[] = [];
    const finished = await finish({ ...job, progress: (f) => progress.push(f) });
    const runner = job.runner;
    const measure = runner.ffmpeg('print_format=json');
    const master = runner.ffmpeg('measured_I=-30.1');
    expect(measure.map((c) => c.args[c.args.indexOf('-i') + 1])).toEqual(['voice-1.wav']);
    // One gain for the whole reading, placed where its scene starts, padded to the clip.
    expect(master[0].args.join(' ')).toContain('adelay=2000:all=1,apad=whole_dur=3.1');
    const encode = runner.ffmpeg('-filter_complex')[0];
    expect(encode.options).toMatchObject({
      cwd: ws.work,
      label: 'encode 16:9',
      onStdoutLine: expect.any(Function),
    });
    expect(finished.results).toEqual([
      expect.objectContaining({
        aspect: '16:9',
        path: 'clip-16x9.mp4',
        videoCodec: 'h264 High yuv420p',
        audioCodec: 'aac 48000 Hz 2 ch',
        loudness: { integrated: -23, truePeak: -6.5, target: -23 },
        layers: [
          { kind: 'background', rect: { x: 0, y: 0, width: 320, height: 180 }, start: 2, end: 3.1 },
          { kind: 'background', rect: { x: 0, y: 0, width: 320, height: 180 }, start: 0, end: 2 },
          { kind: 'captions', rect: expect.any(Object), start: 2, end: 3.1 },
          { kind: 'label', rect: expect.any(Object), start: 0, end: 3.1 },
        ],
        timeline: expect.objectContaining({ rate: '30/1', duration: 93 }),
        provenance: { xmp: true, aigc: true, c2pa: { signed: false } },
      }),
    ]);
    // Labelled and signed after it was measured: the signature is the last write.
    const calls = runner.calls.map((c) => c.args.join(' '));
    expect(calls.findIndex((a) => a.includes('ebur128'))).toBe(calls.length - 1);
    expect(runner.finished.map((f) => f.file)).toEqual([path.join(ws.work, 'clip-16x9.mp4')]);
    expect(runner.finished[0].input).toMatchObject({
      template: { id: 'test', version: 1 },
      disclosure: {
        profileId: 'eu',
        visibleLabel: { text: 'AI-generated', language: 'en', start: 0, end: 3.1 },
        spokenLine: null,
      },
      signer: null,
    });
    expect(finished.sidecars).toEqual(['script.txt', 'captions.srt', 'captions.vtt', 'captions.ttml']);
    expect(await fs.readFile(path.join(ws.work, 'script.txt'), 'utf8')).toBe('Hello there.\n');
    expect(await fs.readFile(path.join(ws.work, 'captions.ttml'), 'utf8')).toContain('xml:lang="en-us"');
    // The captions go into the MP4 as a mov_text track before it is measured, replacing the encode.
    const mux = runner.ffmpeg('mov_text');
    expect(mux.map((c) => c.args.join(' '))).toEqual([
      '-hide_banner -nostdin -y -i clip-16x9.mp4 -i captions.srt -map 0:v -map 0:a? -map 1:s:0 ' +
        '-c:v copy -c:a copy -c:s mov_text -metadata:s:s:0 language=eng -metadata:s:s:0 handler_name=American English ' +
        '-disposition:s:0 default -map_metadata 0 -movflags +faststart+use_metadata_tags -f mp4 clip-16x9.captioned.mp4',
    ]);
    expect(runner.calls.findIndex((c) => c.args.includes('mov_text'))).toBeLessThan(
      runner.calls.findIndex((c) => c.tool === 'ffprobe' && c.args.includes('clip-16x9.mp4')),
    );
    expect(await fs.readFile(path.join(ws.work, 'clip-16x9.mp4'), 'utf8')).toContain('-i captions.srt');
    expect(finished.results[0].subtitleTracks).toBe(1);
    expect(progress[progress.length - 1]).toBe(1);

    const result = await deliver({ ...job, ...finished, timelines: [] }, () => ({ bind: 0.1 }));
    expect((await fs.readdir(job.outDir)).sort()).toEqual(
      ['captions.srt', 'captions.ttml', 'captions.vtt', 'clip-16x9.mp4', 'result.json', 'script.txt'].sort(),
    );
    expect(JSON.parse(await fs.readFile(path.join(job.outDir, 'result.json'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(result)),
    );
    expect(result.speech).toEqual({
      provider: 'espeak',
      voice: 'en-us',
      duration: 0.8,
      words: 2,
      segments: [{ voice: 'en-us', text: 'Hello there.', start: 2, end: 2.8 }],
    });
    expect(result.captions).toEqual({
      cues: 1,
      files: ['captions.srt', 'captions.vtt', 'captions.ttml'],
      language: 'en-us',
      translations: [],
    });
    expect(result.stages).toEqual({ bind: 0.1 });
    expect(result.warnings).toEqual([]);
    expect(result.provenance).toEqual({
      labelProfile: 'eu',
      visibleLabel: { text: 'AI-generated', language: 'en', start: 0, end: 3.1 },
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      credentials: 'unsigned',
      rights: { workspaceCommercial: false, checkedAt: '2026-01-01T00:00:00.000Z', used: [] },
    });
  });

  it('lays several narrations on one voice track before mastering, so the reading gets one gain', async () => {
    const job = await composed([
      { id: 'a', duration: 'speech', narration: 'First.', layers: [{ type: 'background' }] },
      { id: 'b', duration: 'speech', narration: 'Second part.', layers: [{ type: 'background' }] },
    ]);
    await finish(job);
    const track = job.runner.ffmpeg('amix')[0].args;
    expect(track.join(' ')).toBe(
      '-hide_banner -nostdin -y -nostats -i voice-0.wav -i voice-1.wav -filter_complex ' +
        '[0:a]aresample=48000,adelay=0:all=1[a0];[1:a]aresample=48000,adelay=700:all=1[a1];' +
        '[a0][a1]amix=inputs=2:normalize=0:duration=longest:dropout_transition=0[voice] -map [voice] -c:a pcm_s16le -f wav voice.wav',
    );
    expect(job.runner.ffmpeg('print_format=json')[0].args).toContain('voice.wav');
    expect(job.runner.ffmpeg('measured_I')[0].args.join(' ')).toContain('adelay=0:all=1');
  });

  it('gives a clip without narration silence of its length', async () => {
    const job = await composed([{ id: 'a', duration: 1, layers: [{ type: 'background' }] }]);
    await finish(job);
    expect(job.runner.ffmpeg('anullsrc')[0].args.join(' ')).toContain(
      '-t 1 -c:a pcm_s16le -f wav master.wav',
    );
    expect(job.runner.ffmpeg('loudnorm')).toEqual([]);
  });

  it('masters once per loudness preset its outputs ask for, limiting peaks first where the gain needs room', async () => {
    const template = await loadTestTemplate(
      ws.root,
      manifestWith(
        [{ id: 'read', duration: 'speech', narration: 'Hello there.', layers: [{ type: 'background' }] }],
        {
          outputs: [
            { aspect: '16:9', width: 320, height: 180, loudness: 'social' },
            { aspect: '9:16', width: 180, height: 320 },
            { aspect: '1:1', width: 200, height: 200, loudness: 'social' },
          ],
        },
      ),
    );
    const job = await throughGenerate(jobFor(template, ws.work));
    const finished = await finish({ ...job, ...(await compose(job)) });
    const runner = job.runner;
    // Two targets, each mastered once: the fake voice (-30.1 LUFS, -9.2 dBTP) needs +16.1 dB for
    // social, which would put its peaks at +6.9: limited to -18.1 dBFS first, then measured again.
    expect(runner.ffmpeg('measured_I').map((c) => c.args[c.args.length - 1])).toEqual([
      'master-social.wav',
      'master.wav',
    ]);
    expect(runner.ffmpeg('alimiter').map((c) => c.args.join(' '))).toEqual([
      expect.stringContaining('-i voice-0.wav -af alimiter=limit=0.1245:'),
    ]);
    expect(runner.ffmpeg('measured_I')[0].args).toContain('limited-master-social.wav');
    const encodes = runner.ffmpeg('-filter_complex').filter((c) => c.args.includes('[vout]'));
    expect(encodes.map((c) => c.args[c.args.indexOf('-map') - 3])).toEqual([
      'master-social.wav',
      'master.wav',
      'master-social.wav',
    ]);
    expect(finished.results.map((r) => r.loudness)).toEqual([
      { integrated: -23, truePeak: -6.5, target: -14, preset: 'social' },
      { integrated: -23, truePeak: -6.5, target: -23 },
      { integrated: -23, truePeak: -6.5, target: -14, preset: 'social' },
    ]);
  });
});

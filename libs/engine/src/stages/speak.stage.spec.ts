import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { fakeVoice, jobFor, loadTestTemplate, manifestWith, useWorkspace } from '../testing/engine.testing';
import { bind } from './bind.stage';
import { speak, SPEECH_TAIL } from './speak.stage';

jest.setTimeout(60_000);

describe('speak stage', () => {
  const ws = useWorkspace('speak');

  const scenes = [
    { id: 'one', duration: 'speech', narration: 'First part read here.', layers: [] },
    { id: 'still', duration: 1.5, layers: [] },
    {
      id: 'two',
      duration: 'auto',
      narration: 'Second.',
      transition: { type: 'wipe', duration: 0.5 },
      layers: [{ type: 'lowerThird', title: 'x', end: 3 }],
    },
  ];

  it('voices each narrated scene on its own and lays the scenes on the clock by their rules', async () => {
    const voice = fakeVoice();
    const template = await loadTestTemplate(ws.root, manifestWith(scenes));
    const job = jobFor(template, ws.work, { services: { speech: [voice] } });
    const spoken = await speak({ ...job, ...(await bind(job)) });
    expect(voice.requests.map((r) => [r.text, r.voice, r.rate])).toEqual([
      ['First part read here.', 'en-us', 160],
      ['Second.', 'en-us', 160],
    ]);
    expect(spoken.voice.map((v) => [v.scene, v.file, v.text])).toEqual([
      [0, 'voice-0.wav', 'First part read here.'],
      [2, 'voice-2.wav', 'Second.'],
    ]);
    expect((await fs.readdir(ws.work)).sort()).toEqual(['voice-0.wav', 'voice-2.wav']);
    // 4 words (1.6 s) + tail; 1.5 s; auto = the strap's end (3 s) beats 0.4 s + tail.
    const frames = (s: number) => Math.ceil(s * 30 - 1e-6);
    expect(spoken.clock.scenes.map((s) => [s.id, s.rule, s.end - s.start])).toEqual([
      ['one', 'speech', frames(1.6 + SPEECH_TAIL)],
      ['still', 'fixed', 45],
      ['two', 'auto', 90],
    ]);
    expect(spoken.clock.scenes[2].narration).toEqual({ start: 102, end: 114, segment: 1 });
    expect(spoken.clock.transitions).toEqual([
      { kind: 'wipe', direction: 'left', from: 1, to: 2, start: 102, duration: 15 },
    ]);
  });

  it('reads the normalised script, a Chinese run with a Chinese voice, and records each voice segment', async () => {
    const voice = fakeVoice();
    const narration = 'A quake struck 台湾花莲县海域 10 km N of Hawthorne, NV.';
    const template = await loadTestTemplate(ws.root, manifestWith([{ ...scenes[0], narration }]));
    const job = jobFor(template, ws.work, { services: { speech: [voice] } });
    const spoken = await speak({ ...job, ...(await bind(job)) });
    // Never letter names: the place goes to espeak-ng's Mandarin voice, the rest is read in words.
    expect(voice.requests.map((r) => [r.voice, r.text])).toEqual([
      ['en-us', 'A quake struck'],
      ['cmn', '台湾花莲县海域'],
      ['en-us', '10 kilometers north of Hawthorne, Nevada.'],
    ]);
    const [segment] = spoken.voice;
    expect(segment.text).toBe('A quake struck 台湾花莲县海域 10 kilometers north of Hawthorne, Nevada.');
    expect(segment.segments.map((s) => [s.voice, s.language, s.text])).toEqual([
      ['en-us', undefined, 'A quake struck'],
      ['cmn', 'zh', '台湾花莲县海域'],
      ['en-us', undefined, '10 kilometers north of Hawthorne, Nevada.'],
    ]);
    // The words keep what the captions show.
    expect(segment.speech.words.map((w) => w.text).join(' ')).toBe(narration);
    expect(job.warnings).toEqual([]);
  });

  it('leaves a run no voice of the provider reads out, with a warning on the narration', async () => {
    const voice = fakeVoice({
      id: 'piper',
      voices: async () => [
        { id: 'en-us', provider: 'piper', name: 'x', languages: ['en-us'], kind: 'neural' },
      ],
    });
    const narration = 'Quake near 台湾 today.';
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([{ ...scenes[0], narration }], {
        voice: { provider: 'piper', voice: 'en-us', rate: 160 },
      }),
    );
    const job = jobFor(template, ws.work, { services: { speech: [voice] } });
    const spoken = await speak({ ...job, ...(await bind(job)) });
    expect(voice.requests.map((r) => r.text)).toEqual(['Quake near today.']);
    expect(spoken.voice[0].speech.words.map((w) => w.text)).toEqual(['Quake', 'near', '台湾', 'today.']);
    expect(job.warnings).toEqual([
      expect.objectContaining({
        code: 'TEXT_NOT_READ',
        path: 'templates/test/template.json#$.scenes[0].narration',
      }),
    ]);
  });

  it('names the data field an unread emoji came from, so the user knows what to change', async () => {
    const voice = fakeVoice();
    const narration = 'Quake near {{ data.properties.place }} today.';
    const template = await loadTestTemplate(ws.root, manifestWith([{ ...scenes[0], narration }]));
    const item = {
      index: 3,
      id: 'q',
      path: '$.features[3]',
      data: { properties: { mag: 5, place: 'Hualien 🌋' } },
    };
    const job = jobFor(template, ws.work, { services: { speech: [voice] }, item });
    await speak({ ...job, ...(await bind(job)) });
    expect(job.warnings).toEqual([
      expect.objectContaining({ code: 'EMOJI_NOT_READ', path: '$.features[3].properties.place' }),
    ]);
  });

  it("applies the job's lexicon to what the voice reads, never to the words the captions show", async () => {
    const voice = fakeVoice();
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([{ ...scenes[0], narration: 'Quake near Hualien.' }]),
    );
    const job = jobFor(template, ws.work, {
      services: { speech: [voice] },
      lexicon: { entries: [{ grapheme: 'Hualien', alias: 'hwah lyen' }] },
    });
    const spoken = await speak({ ...job, ...(await bind(job)) });
    expect(voice.requests.map((r) => r.text)).toEqual(['Quake near hwah lyen.']);
    expect(spoken.voice[0].speech.words.map((w) => w.text)).toEqual(['Quake', 'near', 'Hualien.']);
  });

  it('refuses a voice provider that is not configured, naming the template field', async () => {
    const template = await loadTestTemplate(ws.root, manifestWith([scenes[0]]));
    const job = jobFor(template, ws.work, { services: { speech: [] } });
    await expect(speak({ ...job, ...(await bind(job)) })).rejects.toMatchObject({
      code: 'SPEECH_NOT_CONFIGURED',
      path: 'templates/test/template.json#$.voice.provider',
    });
  });

  it('refuses a provider that cannot run here with its reason, on the provider field', async () => {
    const voice = fakeVoice({
      id: 'piper',
      voices: () =>
        Promise.reject(new ClipwrightError(ErrorCode.SpeechNotConfigured, 'PIPER_VOICES_DIR is not set')),
    });
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([scenes[0]], { voice: { provider: 'piper', voice: 'tiny', rate: 160 } }),
    );
    const job = jobFor(template, ws.work, { services: { speech: [voice] } });
    await expect(speak({ ...job, ...(await bind(job)) })).rejects.toMatchObject({
      code: 'SPEECH_NOT_CONFIGURED',
      path: 'templates/test/template.json#$.voice.provider',
      message: expect.stringContaining('PIPER_VOICES_DIR is not set'),
    });
    expect(voice.requests).toEqual([]);
  });

  it('refuses a voice the provider does not have, on the voice field', async () => {
    const voice = fakeVoice();
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([scenes[0]], { voice: { provider: 'espeak', voice: 'xx-nowhere', rate: 160 } }),
    );
    const job = jobFor(template, ws.work, { services: { speech: [voice] } });
    await expect(speak({ ...job, ...(await bind(job)) })).rejects.toMatchObject({
      code: 'SPEECH_VOICE_UNKNOWN',
      path: 'templates/test/template.json#$.voice.voice',
    });
    expect(voice.requests).toEqual([]);
  });

  it('puts a voice error a cloud provider raises when called on the voice field', async () => {
    const voice = {
      ...fakeVoice({ id: 'azure', fail: new ClipwrightError(ErrorCode.SpeechVoiceUnknown, 'No such voice') }),
      capabilities: { ssml: true, visemes: true, wordTimings: 'engine' as const, cloud: true },
    };
    const template = await loadTestTemplate(
      ws.root,
      manifestWith([scenes[0]], { voice: { provider: 'azure', voice: 'en-US-Nobody', rate: 160 } }),
    );
    const job = jobFor(template, ws.work, { services: { speech: [voice] } });
    await expect(speak({ ...job, ...(await bind(job)) })).rejects.toMatchObject({
      code: 'SPEECH_VOICE_UNKNOWN',
      path: 'templates/test/template.json#$.voice.voice',
    });
  });

  describe('with a recorded voice-over', () => {
    it('reads with the recording in the template voice language, and puts its errors on the field that gave it', async () => {
      const recording = fakeVoice({ id: 'recorded' });
      const template = await loadTestTemplate(
        ws.root,
        manifestWith([{ ...scenes[0], narration: 'Quake near 台湾.' }]),
      );
      const job = jobFor(template, ws.work, { voiceOver: { provider: recording, field: '--voice-over' } });
      const spoken = await speak({ ...job, ...(await bind(job)) });
      // One voice: the Chinese run stays out of the synthetic reference the recording is aligned to.
      expect(recording.requests.map((r) => [r.voice, r.text])).toEqual([['en-us', 'Quake near']]);
      expect(spoken.voice[0].speech.provider).toBe('recorded');

      const bad = fakeVoice({
        id: 'recorded',
        fail: new ClipwrightError(ErrorCode.VoiceOverInvalid, 'not a reading', { path: 'recording' }),
      });
      const again = jobFor(template, ws.work, { voiceOver: { provider: bad, field: '--voice-over' } });
      await fs.rm(path.join(ws.work, 'voice-0.wav'));
      await expect(speak({ ...again, ...(await bind(again)) })).rejects.toMatchObject({
        code: 'VOICE_OVER_INVALID',
        path: '--voice-over',
        message: '--voice-over: not a reading',
      });
    });

    it('refuses a recording for a template with several narrated scenes', async () => {
      const recording = fakeVoice({ id: 'recorded' });
      const template = await loadTestTemplate(ws.root, manifestWith(scenes));
      const job = jobFor(template, ws.work, { voiceOver: { provider: recording, field: '$.voiceOver' } });
      await expect(speak({ ...job, ...(await bind(job)) })).rejects.toMatchObject({
        code: 'VOICE_OVER_INVALID',
        path: '$.voiceOver',
      });
      expect(recording.requests).toEqual([]);
    });
  });
});

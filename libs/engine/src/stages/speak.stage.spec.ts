import { promises as fs } from 'node:fs';
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

  it("records what the voice read and passes on the voice's warnings, on the narration", async () => {
    const voice = fakeVoice({
      spokenText: 'First part, read.',
      warnings: [{ code: 'TEXT_LEFT_OUT', message: 'left out' }],
    });
    const template = await loadTestTemplate(ws.root, manifestWith([scenes[0]]));
    const job = jobFor(template, ws.work, { services: { speech: [voice] } });
    const spoken = await speak({ ...job, ...(await bind(job)) });
    expect(spoken.voice[0].text).toBe('First part, read.');
    expect(job.warnings).toEqual([
      {
        code: 'TEXT_LEFT_OUT',
        message: 'left out',
        path: 'templates/test/template.json#$.scenes[0].narration',
      },
    ]);
  });

  it('refuses a voice provider that is not configured, naming the template field', async () => {
    const template = await loadTestTemplate(ws.root, manifestWith([scenes[0]]));
    const job = jobFor(template, ws.work, { services: { speech: [] } });
    await expect(speak({ ...job, ...(await bind(job)) })).rejects.toMatchObject({
      code: 'TEMPLATE_INVALID',
      path: 'templates/test/template.json#$.voice.provider',
    });
  });
});

import type { AzureSpeechClient, AzureSynthesis, AzureSynthesisEvent, AzureVoice } from './azure.client';
import { encodeWav } from '../../wav';
import session from './fixtures/synthesis.en-US-JennyNeural.json';
import voiceList from './fixtures/voices-list.json';

export const RECORDED_SESSION = session as {
  ssml: string;
  text: string;
  voice: string;
  audioSeconds: number;
  events: AzureSynthesisEvent[];
};

/**
 * The recording's audio: RIFF 24 kHz 16-bit mono (the format asked for), a 440 Hz tone wherever a
 * word boundary says a word sounds and silence elsewhere.
 */
export function recordedAudio(): Buffer {
  const sr = 24000;
  const samples = new Int16Array(Math.round(RECORDED_SESSION.audioSeconds * sr));
  for (const e of RECORDED_SESSION.events) {
    if (e.type !== 'WordBoundary' || e.boundaryType !== 'WordBoundary') continue;
    const from = Math.round((e.audioOffset / 1e7) * sr);
    const to = Math.round(((e.audioOffset + e.duration) / 1e7) * sr);
    for (let i = from; i < to; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sr));
  }
  return encodeWav({ sampleRate: sr, samples });
}

/** The voices/list answer as the SDK's VoiceInfo fields. */
export const RECORDED_VOICES: AzureVoice[] = voiceList.voices.map((v) => ({
  shortName: v.ShortName,
  locale: v.Locale,
  localName: v.LocalName,
  gender: v.Gender,
  voiceType: v.VoiceType === 'Neural' ? 'OnlineNeural' : 'OnlineStandard',
  secondaryLocales: v.SecondaryLocaleList ?? [],
}));

/**
 * Replays the recorded session: each call first takes the next queued failure, if any, so a test
 * can play "throttled, then fine" or "key refused".
 */
export class RecordedAzureClient implements AzureSpeechClient {
  readonly sent: string[] = [];
  voiceCalls = 0;

  constructor(private readonly failures: Error[] = []) {}

  async synthesize(ssml: string): Promise<AzureSynthesis> {
    this.sent.push(ssml);
    const failure = this.failures.shift();
    if (failure) throw failure;
    return { audio: recordedAudio(), events: RECORDED_SESSION.events };
  }

  async voices(): Promise<AzureVoice[]> {
    this.voiceCalls++;
    const failure = this.failures.shift();
    if (failure) throw failure;
    return RECORDED_VOICES;
  }
}

import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import {
  AzureCallError,
  runSynthesis,
  SdkAzureSpeechClient,
  voicesErrorCode,
  type SynthesizerLike,
} from './azure.client';
import voiceList from './fixtures/voices-list.json';

type Handler<E> = (s: sdk.SpeechSynthesizer, e: E) => void;

/**
 * Stands in for the network side of sdk.SpeechSynthesizer only: it raises the SDK's own event
 * objects and hands back the SDK's own result objects, so the adapter's reading of them is real.
 */
class ScriptedSynthesizer implements SynthesizerLike {
  wordBoundary: Handler<sdk.SpeechSynthesisWordBoundaryEventArgs> = () => undefined;
  visemeReceived: Handler<sdk.SpeechSynthesisVisemeEventArgs> = () => undefined;
  closed = 0;
  static script: (
    s: ScriptedSynthesizer,
    done: (r: sdk.SpeechSynthesisResult) => void,
    fail: (e: string) => void,
  ) => void;
  static voices: sdk.SynthesisVoicesResult;

  speakSsmlAsync(
    _ssml: string,
    cb?: (r: sdk.SpeechSynthesisResult) => void,
    err?: (e: string) => void,
  ): void {
    setImmediate(() =>
      ScriptedSynthesizer.script(
        this,
        (r) => cb?.(r),
        (e) => err?.(e),
      ),
    );
  }
  close(): void {
    this.closed++;
  }
  getVoicesAsync(): Promise<sdk.SynthesisVoicesResult> {
    return Promise.resolve(ScriptedSynthesizer.voices);
  }
  raise(e: sdk.SpeechSynthesisWordBoundaryEventArgs | sdk.SpeechSynthesisVisemeEventArgs): void {
    const me = this as unknown as sdk.SpeechSynthesizer;
    if (e instanceof sdk.SpeechSynthesisWordBoundaryEventArgs) this.wordBoundary(me, e);
    else this.visemeReceived(me, e);
  }
}

/** The real SDK module with only the synthesizer class swapped. */
const scriptedSdk = async (): Promise<typeof sdk> =>
  ({ ...sdk, SpeechSynthesizer: ScriptedSynthesizer }) as unknown as typeof sdk;

function cancelledResult(code: string, details: string): sdk.SpeechSynthesisResult {
  const properties = new sdk.PropertyCollection();
  properties.setProperty('CancellationErrorCode', code);
  return new sdk.SpeechSynthesisResult('id', sdk.ResultReason.Canceled, undefined, details, properties);
}

describe('SdkAzureSpeechClient reading the SDK', () => {
  const client = new SdkAzureSpeechClient({ key: 'k', region: 'westeurope' }, scriptedSdk);

  it('collects WordBoundary and VisemeReceived events in order with the audio', async () => {
    const audio = new Uint8Array([82, 73, 70, 70]).buffer;
    ScriptedSynthesizer.script = (s, done) => {
      s.raise(
        new sdk.SpeechSynthesisWordBoundaryEventArgs(
          500000,
          4375000,
          'Buildings',
          9,
          120,
          sdk.SpeechSynthesisBoundaryType.Word,
        ),
      );
      s.raise(new sdk.SpeechSynthesisVisemeEventArgs(500000, 21, ''));
      s.raise(
        new sdk.SpeechSynthesisWordBoundaryEventArgs(
          14875000,
          1000000,
          ',',
          1,
          146,
          sdk.SpeechSynthesisBoundaryType.Punctuation,
        ),
      );
      done(new sdk.SpeechSynthesisResult('id', sdk.ResultReason.SynthesizingAudioCompleted, audio));
    };
    const out = await client.synthesize('<speak/>');
    expect(out.audio).toEqual(Buffer.from('RIFF'));
    expect(out.events).toEqual([
      {
        type: 'WordBoundary',
        boundaryType: 'WordBoundary',
        audioOffset: 500000,
        duration: 4375000,
        text: 'Buildings',
        textOffset: 120,
        wordLength: 9,
      },
      { type: 'VisemeReceived', audioOffset: 500000, visemeId: 21 },
      {
        type: 'WordBoundary',
        boundaryType: 'PunctuationBoundary',
        audioOffset: 14875000,
        duration: 1000000,
        text: ',',
        textOffset: 146,
        wordLength: 1,
      },
    ]);
  });

  it.each(['AuthenticationFailure', 'TooManyRequests', 'ConnectionFailure', 'BadRequestParameters'])(
    'turns a cancelled result with %s into an AzureCallError carrying that code',
    async (code) => {
      ScriptedSynthesizer.script = (_s, done) => done(cancelledResult(code, `details of ${code}`));
      await expect(client.synthesize('<speak/>')).rejects.toEqual(
        new AzureCallError(code, `details of ${code}`),
      );
    },
  );

  it('closes the synthesizer when the job is cancelled mid-synthesis', async () => {
    let synth: ScriptedSynthesizer | undefined;
    ScriptedSynthesizer.script = (s) => {
      synth = s;
    };
    const controller = new AbortController();
    const run = runSynthesis(sdk, new ScriptedSynthesizer(), '<speak/>', controller.signal);
    await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(synth?.closed).toBe(1);
  });

  it('reads the voice list through the SDK VoiceInfo, and its error details as codes', async () => {
    ScriptedSynthesizer.voices = new sdk.SynthesisVoicesResult(
      'id',
      voiceList.voices,
      undefined as unknown as string,
    );
    const voices = await client.voices();
    expect(voices[0]).toEqual({
      shortName: 'en-US-JennyNeural',
      locale: 'en-US',
      localName: 'Jenny',
      gender: 'Female',
      voiceType: 'OnlineNeural',
      secondaryLocales: [],
    });
    expect(voices[3].secondaryLocales).toEqual(['de-DE', 'fr-FR', 'ar-EG']);
    ScriptedSynthesizer.voices = new sdk.SynthesisVoicesResult('id', undefined, 'Error: 401: Unauthorized');
    await expect(client.voices()).rejects.toEqual(
      new AzureCallError('AuthenticationFailure', 'Error: 401: Unauthorized'),
    );
  });

  it('maps voice-list HTTP statuses to the synthesis codes', () => {
    expect(
      [
        'Error: 403: Forbidden',
        'Error: 429: Too Many',
        'Error: 503: Unavailable',
        'Error: 400: Bad',
        'socket hang up',
      ].map(voicesErrorCode),
    ).toEqual(['Forbidden', 'TooManyRequests', 'ServiceError', 'BadRequestParameters', 'ConnectionFailure']);
  });
});

import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipwrightError, ErrorCode } from '@app/core';
import { RecordedVoiceProvider } from './recorded.provider';
import { voiceOverDecodeArgs } from './voice-over.args';

describe('voiceOverDecodeArgs', () => {
  it('decodes the first audio stream to mono 48 kHz PCM WAV, both files named by absolute file: path', () => {
    expect(voiceOverDecodeArgs('/in/-take 2.m4a', '/tmp/x/decoded.wav').join(' ')).toBe(
      '-nostdin -v error -y -i file:/in/-take 2.m4a -map 0:a:0 -vn -ac 1 -ar 48000 -c:a pcm_s16le -f wav file:/tmp/x/decoded.wav',
    );
    expect(voiceOverDecodeArgs('http:evil.mp3', 'o.wav')[5]).toBe(`file:${path.resolve('http:evil.mp3')}`);
  });
});

describe('RecordedVoiceProvider without ffmpeg', () => {
  let dir: string;
  let recording: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-recorded-'));
    recording = path.join(dir, 'take.mp3');
    await fs.writeFile(recording, 'ID3');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const request = { text: 'Hello there.', voice: 'en-us', rate: 160 };

  it('calls a file ffmpeg cannot decode an invalid voice-over, naming it, and leaves the work folder empty', async () => {
    const ffmpeg = {
      run: async () => {
        throw new ClipwrightError(ErrorCode.FfmpegFailed, 'decode voice-over: ffmpeg exited with 1', {
          detail: { logTail: 'file:/x/take.mp3: Invalid data found when processing input' },
        });
      },
    };
    const workDir = path.join(dir, 'work');
    await fs.mkdir(workDir);
    const provider = new RecordedVoiceProvider({ recording, ffmpeg, espeakBinary: 'espeak-ng' });
    await expect(provider.synthesize({ ...request, workDir })).rejects.toMatchObject({
      code: ErrorCode.VoiceOverInvalid,
      path: 'recording',
      message:
        'The recording take.mp3 could not be decoded as audio: file:/x/take.mp3: Invalid data found when processing input',
    });
    expect(await fs.readdir(workDir)).toEqual([]);
  });

  it('passes a missing ffmpeg through as TOOL_MISSING, and reports it in health', async () => {
    const missing = new ClipwrightError(ErrorCode.ToolMissing, 'ffmpeg was not found');
    const ffmpeg = { run: async () => Promise.reject(missing) };
    const provider = new RecordedVoiceProvider({ recording, ffmpeg, espeakBinary: '/nonexistent/espeak-ng' });
    await expect(provider.synthesize({ ...request, workDir: dir })).rejects.toBe(missing);
    expect(await provider.health()).toMatchObject({
      provider: 'recorded',
      ok: false,
      code: ErrorCode.ToolMissing,
    });
    expect(provider.capabilities.wordTimings).toBe('aligned');
  });
});

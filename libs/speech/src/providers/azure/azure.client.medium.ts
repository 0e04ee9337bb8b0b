import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@app/core';
import { AzureCallError, SdkAzureSpeechClient } from './azure.client';
import { AzureSpeechProvider } from './azure.provider';

/** A loopback port nothing listens on: bound, noted, released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('the real Azure Speech SDK against an endpoint that does not answer', () => {
  it('reports ConnectionFailure, and the provider retries it and fails with SPEECH_UNAVAILABLE', async () => {
    const endpoint = `ws://127.0.0.1:${await closedPort()}/`;
    const client = new SdkAzureSpeechClient({ key: '0123456789abcdef', region: 'westeurope', endpoint });
    const error = await client
      .synthesize('<speak version="1.0" xml:lang="en-US"><voice name="en-US-JennyNeural">Hi</voice></speak>')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureCallError);
    expect((error as AzureCallError).errorCode).toBe('ConnectionFailure');

    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-azure-sdk-'));
    try {
      const provider = new AzureSpeechProvider({
        client,
        settings: { key: 'k', region: 'westeurope', endpoint },
        espeakBinary: 'espeak-ng',
        retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
      });
      await expect(
        provider.synthesize({ text: 'Hi.', voice: 'en-US-JennyNeural', rate: 160, workDir }),
      ).rejects.toMatchObject({
        code: ErrorCode.SpeechUnavailable,
        message: expect.stringMatching(/after 2 attempts/),
      });
      expect(await fs.readdir(workDir)).toEqual([]);
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  }, 60_000);
});

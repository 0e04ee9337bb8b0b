import { ClipwrightError, ErrorCode } from '@app/core';

export interface PcmAudio {
  sampleRate: number;
  /** Mono, signed 16-bit. */
  samples: Int16Array;
}

const HEADER_BYTES = 44;

function invalid(message: string): ClipwrightError {
  return new ClipwrightError(ErrorCode.SpeechFailed, `Unreadable WAV audio: ${message}`);
}

/**
 * Read PCM s16le mono WAV. espeak-ng's `--stdout` writes its header before it knows the length, so
 * the RIFF and data sizes are placeholders (0x7ffff000 or so); a data size that is zero or runs past
 * the buffer is therefore taken to mean "everything that follows".
 */
export function parseWav(buf: Buffer): PcmAudio {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw invalid(`not a RIFF/WAVE file (${buf.length} bytes)`);
  }
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | undefined;
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const declared = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    const remaining = buf.length - body;
    if (id === 'fmt ') {
      if (declared < 16 || remaining < 16) throw invalid('fmt chunk too short');
      fmt = {
        format: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        bits: buf.readUInt16LE(body + 14),
      };
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of the sub-format GUID.
      if (fmt.format === 0xfffe && declared >= 40 && remaining >= 26)
        fmt.format = buf.readUInt16LE(body + 24);
    } else if (id === 'data') {
      if (!fmt) throw invalid('data chunk before fmt chunk');
      if (fmt.format !== 1) throw invalid(`format ${fmt.format} is not PCM`);
      if (fmt.channels !== 1) throw invalid(`${fmt.channels} channels, expected mono`);
      if (fmt.bits !== 16) throw invalid(`${fmt.bits}-bit samples, expected 16-bit`);
      if (fmt.sampleRate <= 0) throw invalid('sample rate is zero');
      const size = declared === 0 || declared > remaining ? remaining : declared;
      const count = Math.floor(size / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = buf.readInt16LE(body + 2 * i);
      return { sampleRate: fmt.sampleRate, samples };
    }
    if (declared > remaining) break;
    pos = body + declared + (declared & 1);
  }
  throw invalid(fmt ? 'no data chunk' : 'no fmt chunk');
}

export function encodeWav(audio: PcmAudio): Buffer {
  const dataBytes = audio.samples.length * 2;
  const buf = Buffer.alloc(HEADER_BYTES + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(audio.sampleRate, 24);
  buf.writeUInt32LE(audio.sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < audio.samples.length; i++) buf.writeInt16LE(audio.samples[i], HEADER_BYTES + 2 * i);
  return buf;
}

export function durationOf(audio: PcmAudio): number {
  return audio.samples.length / audio.sampleRate;
}

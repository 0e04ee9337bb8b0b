/** What ffprobe says about a finished file, reduced to what the manifest and QC need. */
export interface ProbeResult {
  duration: number;
  video?: {
    codec: string;
    profile: string;
    pixFmt: string;
    width: number;
    height: number;
    frameRate: string;
  };
  audio?: { codec: string; sampleRate: number; channels: number };
}

export function buildProbeArgs(input: string): string[] {
  return ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', input];
}

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
}

export function parseProbeJson(json: string): ProbeResult {
  const raw = JSON.parse(json) as { streams?: RawStream[]; format?: { duration?: string } };
  const streams = raw.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  return {
    duration: Number(raw.format?.duration ?? 0),
    ...(v
      ? {
          video: {
            codec: v.codec_name ?? '',
            profile: v.profile ?? '',
            pixFmt: v.pix_fmt ?? '',
            width: v.width ?? 0,
            height: v.height ?? 0,
            frameRate: v.r_frame_rate ?? '',
          },
        }
      : {}),
    ...(a
      ? {
          audio: {
            codec: a.codec_name ?? '',
            sampleRate: Number(a.sample_rate ?? 0),
            channels: a.channels ?? 0,
          },
        }
      : {}),
  };
}

export * from './encode.settings';
export * from './compose.args';
export * from './loudness';
export * from './probe';
export * from './ffmpeg.executor';

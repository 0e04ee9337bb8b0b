export * from './encode.settings';
export * from './compose.args';
export * from './loudness';
export * from './probe';
export * from './tool.config';
export * from './process.runner';
export * from './ffmpeg.executor';
export * from './layer-media.args';

export * from './recorded.provider';
export * from './voice-over.args';

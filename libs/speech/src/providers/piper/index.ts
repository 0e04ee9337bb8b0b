export * from './piper.catalog';
export * from './piper.config';
export * from './piper.phonemes';
export * from './piper.provider';
export * from './piper.session';

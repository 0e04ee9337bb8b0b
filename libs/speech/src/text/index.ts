export * from './text.types';
export * from './lexicon';
export * from './normalise';
export * from './number-words';
export * from './speak-text';
export { alignWords } from './token-map';
export { primaryLanguage } from './scripts';

export * from './align.features';
export * from './dtw';
export * from './word.aligner';

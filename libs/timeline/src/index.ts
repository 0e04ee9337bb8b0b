export * from './frame-rate';
export * from './timeline.types';
export * from './scene-clock';
export * from './timeline.check';

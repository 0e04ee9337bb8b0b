export * from './timeline.compiler';
export * from './render.types';
export * from './render.engine';
export * from './stage-clock';
export { version } from './version';
export * from './engine.factory';
export * from './image-source';

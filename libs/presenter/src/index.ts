export * from './presenter.types';
export * from './presenter.schema';
export * from './presenter.library';
export * from './presenter.clip';
export * from './motion';
export * from './mouth-openness';
export type { Sprite } from './sprite';
export * as lipsync from './lipsync';

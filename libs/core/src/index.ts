export * from './errors';
export * from './files';
export * from './timing.types';
export * from './result.types';
export * from './progress.types';
export * from './project';
export * from './json-path';
export * from './asset-ref';

export * from './api-error';
export * from './api.types';
export * from './api.client';
export * from './event-stream';
export * from './retry';
export * from './job-flow';
export * from './qc';
export * from './schema-form';

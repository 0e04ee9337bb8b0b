export * from './object-storage.types';
export * from './object-key';
export * from './local.storage';
export * from './s3.storage';
export * from './storage.config';

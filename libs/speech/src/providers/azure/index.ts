export * from './azure.client';
export * from './azure.provider';

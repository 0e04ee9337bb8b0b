export * from './polly.marks';
export * from './polly.provider';

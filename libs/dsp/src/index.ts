export * from './fft';
export * from './mel-scale';
export * from './stft';

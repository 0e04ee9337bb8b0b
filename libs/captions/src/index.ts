export * from './cue.types';
export { isCjk, cjkLocale } from './cjk';
export { buildCues } from './cue-builder';
export { checkCues } from './cue-checker';
export { formatAssTime, formatSrtTime, formatVttTime } from './time-format';
export { toSrt } from './srt.writer';
export { escapeVttText, toVtt } from './vtt.writer';
export type { AssStyle } from './ass.writer';
export { assColour, escapeAssText, toAss } from './ass.writer';

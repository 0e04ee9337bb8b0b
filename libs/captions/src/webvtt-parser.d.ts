// The parts of webvtt-parser (the W3C validator's parser, no types of its own) the specs use.
declare module 'webvtt-parser' {
  export interface WebVTTNode {
    type: 'text' | 'object' | 'timestamp';
    name?: string;
    value?: string;
    children?: WebVTTNode[];
  }
  export interface WebVTTCue {
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: WebVTTNode[] };
  }
  export interface WebVTTResult {
    cues: WebVTTCue[];
    errors: { message: string; line: number; col: number }[];
  }
  export class WebVTTParser {
    parse(input: string, mode?: 'metadata' | 'chapters'): WebVTTResult;
  }
}

import { sniffMediaType } from './media-type';

const hex = (h: string, pad = 16) => Buffer.concat([Buffer.from(h, 'hex'), Buffer.alloc(pad)]);

describe('sniffMediaType', () => {
  it.each([
    ['89504e470d0a1a0a', 'image/png'],
    ['ffd8ffe0', 'image/jpeg'],
    [Buffer.from('RIFF\0\0\0\0WEBPVP8 ').toString('hex'), 'image/webp'],
    [Buffer.from('RIFF\0\0\0\0WAVEfmt ').toString('hex'), 'audio/wav'],
    [Buffer.from('\0\0\0\x20ftypisom').toString('hex'), 'video/mp4'],
    [Buffer.from('\0\0\0\x20ftypM4A ').toString('hex'), 'audio/mp4'],
    [Buffer.from('ID3\x04').toString('hex'), 'audio/mpeg'],
  ])('knows %s as %s', (bytes, type) => {
    expect(sniffMediaType(hex(bytes))).toBe(type);
  });

  it('knows nothing else, whatever the name or header said', () => {
    expect(sniffMediaType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(sniffMediaType(Buffer.from('#!/bin/sh\n'))).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
  });
});

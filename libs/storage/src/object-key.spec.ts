import { ClipwrightError, ErrorCode } from '@app/core';
import { checkKey, isValidKey, scopedKey } from './object-key';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ClipwrightError ? e.code : 'NOT_CLIPWRIGHT';
  }
  return undefined;
}

describe('object keys', () => {
  it.each(['ws_1/renders/job-42/clip-16x9.mp4', 'a', 'A.b_c-d/e', '0/1/2', 'ws/captions.v2.srt'])(
    'accepts %s',
    (key) => {
      expect(checkKey(key)).toBe(key);
    },
  );

  it.each([
    ['', ErrorCode.InvalidArgument],
    ['/etc/passwd', ErrorCode.PathEscapes],
    ['../x', ErrorCode.PathEscapes],
    ['ws/../other/x', ErrorCode.PathEscapes],
    ['ws/./x', ErrorCode.PathEscapes],
    ['ws\\..\\x', ErrorCode.PathEscapes],
    ['ws//x', ErrorCode.InvalidArgument],
    ['ws/x/', ErrorCode.InvalidArgument],
    ['ws/.hidden', ErrorCode.InvalidArgument],
    ['ws/.clip.mp4.tmp-0123456789ab', ErrorCode.InvalidArgument],
    ['ws/-rf', ErrorCode.InvalidArgument],
    ['ws/a b.mp4', ErrorCode.InvalidArgument],
    ['ws/caf\u00e9.mp4', ErrorCode.InvalidArgument],
    ['ws/a\u0000b', ErrorCode.InvalidArgument],
    ['ws/a?b', ErrorCode.InvalidArgument],
    ['ws/%2e%2e', ErrorCode.InvalidArgument],
    ['ws/' + 'a'.repeat(201), ErrorCode.InvalidArgument],
    ['a/'.repeat(600) + 'a', ErrorCode.InvalidArgument],
  ])('rejects %j with %s', (key, code) => {
    expect(codeOf(() => checkKey(key))).toBe(code);
    expect(isValidKey(key)).toBe(false);
  });

  it('scopes keys to a workspace', () => {
    expect(scopedKey('ws_1', 'renders', 'job-42', 'clip.mp4')).toBe('ws_1/renders/job-42/clip.mp4');
  });

  it.each([
    [['..', 'x'], ErrorCode.PathEscapes],
    [['ws', '..'], ErrorCode.PathEscapes],
    [['ws', '../other'], ErrorCode.PathEscapes],
    [['ws', 'a/b'], ErrorCode.InvalidArgument],
    [['ws', ''], ErrorCode.InvalidArgument],
    [['ws'], ErrorCode.InvalidArgument],
    [['', 'x'], ErrorCode.InvalidArgument],
    [['ws', 'x\ny'], ErrorCode.InvalidArgument],
  ])('scopedKey rejects %j', (parts, code) => {
    const [ws, ...rest] = parts;
    expect(codeOf(() => scopedKey(ws, ...rest))).toBe(code);
  });
});

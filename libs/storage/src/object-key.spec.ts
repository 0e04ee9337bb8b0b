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
    ['', 'STORAGE_KEY_INVALID'],
    ['/etc/passwd', ErrorCode.PathEscapes],
    ['../x', ErrorCode.PathEscapes],
    ['ws/../other/x', ErrorCode.PathEscapes],
    ['ws/./x', ErrorCode.PathEscapes],
    ['ws\\..\\x', ErrorCode.PathEscapes],
    ['ws//x', 'STORAGE_KEY_INVALID'],
    ['ws/x/', 'STORAGE_KEY_INVALID'],
    ['ws/.hidden', 'STORAGE_KEY_INVALID'],
    ['ws/.clip.mp4.tmp-0123456789ab', 'STORAGE_KEY_INVALID'],
    ['ws/-rf', 'STORAGE_KEY_INVALID'],
    ['ws/a b.mp4', 'STORAGE_KEY_INVALID'],
    ['ws/caf\u00e9.mp4', 'STORAGE_KEY_INVALID'],
    ['ws/a\u0000b', 'STORAGE_KEY_INVALID'],
    ['ws/a?b', 'STORAGE_KEY_INVALID'],
    ['ws/%2e%2e', 'STORAGE_KEY_INVALID'],
    ['ws/' + 'a'.repeat(201), 'STORAGE_KEY_INVALID'],
    ['a/'.repeat(600) + 'a', 'STORAGE_KEY_INVALID'],
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
    [['ws', 'a/b'], 'STORAGE_KEY_INVALID'],
    [['ws', ''], 'STORAGE_KEY_INVALID'],
    [['ws'], 'STORAGE_KEY_INVALID'],
    [['', 'x'], 'STORAGE_KEY_INVALID'],
    [['ws', 'x\ny'], 'STORAGE_KEY_INVALID'],
  ])('scopedKey rejects %j', (parts, code) => {
    const [ws, ...rest] = parts;
    expect(codeOf(() => scopedKey(ws, ...rest))).toBe(code);
  });
});

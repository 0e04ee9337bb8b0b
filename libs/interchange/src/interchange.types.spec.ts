import { ClipwrightError, ErrorCode } from '@app/core';
import { checkTimelineFormats } from './interchange.types';

describe('checkTimelineFormats', () => {
  it('keeps the known formats once each, in the documented order', () => {
    expect(checkTimelineFormats(['edl', 'otio', 'edl', 'mlt'], '--timeline')).toEqual(['otio', 'mlt', 'edl']);
    expect(checkTimelineFormats(undefined, '--timeline')).toEqual([]);
  });

  it('names the field and the entry at fault', () => {
    const err = (() => {
      try {
        checkTimelineFormats(['otio', 'aaf'], '$.timeline');
      } catch (e) {
        return e as ClipwrightError;
      }
    })()!;
    expect(err.code).toBe(ErrorCode.InvalidArgument);
    expect(err.path).toBe('$.timeline[1]');
    expect(err.message).toMatch(/"aaf" is not a timeline format; choose from otio, fcpxml, xmeml, mlt, edl/);
    expect(() => checkTimelineFormats([3], '--timeline')).toThrow(/3 is not a timeline format/);
  });
});

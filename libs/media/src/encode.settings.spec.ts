import { ErrorCode } from '@app/core';
import { defaultEncodeSettings, encodeSettingsFromEnv } from './encode.settings';

describe('encodeSettingsFromEnv', () => {
  it('is the delivery default when the operator sets nothing', () => {
    expect(encodeSettingsFromEnv({})).toEqual(defaultEncodeSettings);
    expect(defaultEncodeSettings.preset).toBe('veryfast');
  });

  it('takes an x264 preset from CLIPWRIGHT_ENCODE_PRESET and keeps every other setting', () => {
    expect(encodeSettingsFromEnv({ CLIPWRIGHT_ENCODE_PRESET: 'ultrafast' })).toEqual({
      ...defaultEncodeSettings,
      preset: 'ultrafast',
    });
  });

  it.each(['', 'fastest', 'Ultrafast', 'placebo'])('refuses %p on the variable', (value) => {
    expect(() => encodeSettingsFromEnv({ CLIPWRIGHT_ENCODE_PRESET: value })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument, path: 'CLIPWRIGHT_ENCODE_PRESET' }),
    );
  });
});

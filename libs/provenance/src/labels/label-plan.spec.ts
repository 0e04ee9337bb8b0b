import { ClipwrightError } from '@app/core';
import { planVisibleLabel, reservedTextWidthEm } from './label-plan';
import {
  BUILT_IN_PROFILES,
  LabelProfile,
  parseLabelProfile,
  pickWording,
  resolveLabelProfile,
  spokenDisclosure,
} from './label-profile';

const FRAMES = [
  { aspect: '16:9', width: 1920, height: 1080 },
  { aspect: '9:16', width: 1080, height: 1920 },
  { aspect: '1:1', width: 1080, height: 1080 },
  { aspect: '16:9 small', width: 640, height: 360 },
];

function insideSafeArea(rect: { x: number; y: number; width: number; height: number }, w: number, h: number) {
  return (
    rect.x >= Math.ceil(w * 0.05) &&
    rect.y >= Math.ceil(h * 0.05) &&
    rect.x + rect.width <= Math.floor(w * 0.95) &&
    rect.y + rect.height <= Math.floor(h * 0.95)
  );
}

describe('planVisibleLabel', () => {
  it.each(FRAMES)(
    'cn, $aspect: shown from 0 s for at least 2 s, text at least 5% of the shorter side',
    (f) => {
      const plan = planVisibleLabel({
        profile: BUILT_IN_PROFILES.cn,
        ...f,
        duration: 30,
        language: 'zh-CN',
      })!;
      const short = Math.min(f.width, f.height);
      expect(plan.text).toBe('人工智能生成');
      expect(plan.start).toBe(0);
      expect(plan.end - plan.start).toBeGreaterThanOrEqual(2);
      expect(plan.minTextHeight).toBeGreaterThanOrEqual(0.05 * short);
      // The font's capitals/ideographs (>= 0.7 em) reach the minimum; the badge holds the line box.
      expect(plan.fontSize * 0.7).toBeGreaterThanOrEqual(plan.minTextHeight);
      expect(plan.rect.height).toBeGreaterThanOrEqual(plan.fontSize);
      expect(insideSafeArea(plan.rect, f.width, f.height)).toBe(true);
      for (const v of Object.values(plan.rect)) expect(Number.isInteger(v)).toBe(true);
    },
  );

  it.each(FRAMES)('eu, $aspect: a corner badge top right for the whole clip', (f) => {
    const plan = planVisibleLabel({
      profile: BUILT_IN_PROFILES.eu,
      ...f,
      duration: 12.4,
      language: 'de-AT',
    })!;
    expect(plan.text).toBe('KI-generiert');
    expect([plan.start, plan.end]).toEqual([0, 12.4]);
    expect(plan.rect.x + plan.rect.width).toBe(Math.floor(f.width * 0.95));
    expect(plan.rect.y).toBe(Math.ceil(f.height * 0.05));
    expect(insideSafeArea(plan.rect, f.width, f.height)).toBe(true);
    // A badge, not a banner.
    expect(plan.rect.width).toBeLessThan(f.width * 0.4);
  });

  it('shows the cn label for the whole clip when the clip is shorter than the label time', () => {
    const plan = planVisibleLabel({
      profile: BUILT_IN_PROFILES.cn,
      width: 1920,
      height: 1080,
      duration: 1.5,
      language: 'zh',
    })!;
    expect([plan.start, plan.end]).toEqual([0, 1.5]);
  });

  it('draws nothing for the none profile', () => {
    expect(
      planVisibleLabel({
        profile: BUILT_IN_PROFILES.none,
        width: 1920,
        height: 1080,
        duration: 5,
        language: 'en',
      }),
    ).toBeNull();
  });

  it('places custom bottom-center labels and falls back to the default language', () => {
    const profile = parseLabelProfile({
      id: 'channel-7',
      visible: {
        text: { en: 'Synthetic presenter', ar: 'مذيع اصطناعي' },
        defaultLanguage: 'en',
        placement: 'bottom-center',
        timing: { kind: 'start', seconds: 4 },
        minTextHeight: 0.04,
      },
      spoken: null,
      implicit: { aigc: false },
    });
    const plan = planVisibleLabel({ profile, width: 1080, height: 1920, duration: 20, language: 'fr' })!;
    expect(plan.text).toBe('Synthetic presenter');
    expect(plan.rect.y + plan.rect.height).toBe(Math.floor(1920 * 0.95));
    expect(Math.abs(plan.rect.x + plan.rect.width / 2 - 540)).toBeLessThanOrEqual(1);
    expect(plan.end).toBe(4);
    const ar = planVisibleLabel({ profile, width: 1080, height: 1920, duration: 20, language: 'ar-EG' })!;
    expect(ar.text).toBe('مذيع اصطناعي');
  });

  it('refuses wording that cannot fit at the required size, naming it', () => {
    const profile: LabelProfile = {
      ...BUILT_IN_PROFILES.cn,
      id: 'long',
      visible: {
        ...BUILT_IN_PROFILES.cn.visible!,
        text: { zh: '本视频内容由人工智能生成合成请注意辨别真伪谢谢' },
      },
    };
    let error: unknown;
    try {
      planVisibleLabel({ profile, width: 640, height: 360, duration: 5, language: 'zh' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClipwrightError);
    expect((error as ClipwrightError).path).toBe('$.visible.text.zh');
  });

  it('refuses a frame or a duration that is not positive', () => {
    expect(() =>
      planVisibleLabel({
        profile: BUILT_IN_PROFILES.eu,
        width: 0,
        height: 1080,
        duration: 5,
        language: 'en',
      }),
    ).toThrow('not a size');
    expect(() =>
      planVisibleLabel({
        profile: BUILT_IN_PROFILES.eu,
        width: 1920,
        height: 1080,
        duration: Number.NaN,
        language: 'en',
      }),
    ).toThrow('not positive');
  });

  it('reserves wide graphemes at one em and keeps emoji sequences whole', () => {
    expect(reservedTextWidthEm('AI生成')).toBeCloseTo(2 * 0.68 + 2);
    expect(reservedTextWidthEm('👩🏽‍💻')).toBe(1);
  });
});

describe('label profiles', () => {
  it('picks the exact tag, then the primary language, then the default', () => {
    const text = { en: 'AI-generated', 'pt-BR': 'Gerado por IA (BR)', pt: 'Gerado por IA' };
    expect(pickWording(text, 'pt-br', 'en').text).toBe('Gerado por IA (BR)');
    expect(pickWording(text, 'pt-PT', 'en').text).toBe('Gerado por IA');
    expect(pickWording(text, 'sw', 'en')).toEqual({ language: 'en', text: 'AI-generated' });
  });

  it('resolves the job profile first, then the workspace one, then eu', () => {
    expect(resolveLabelProfile('cn', 'none').id).toBe('cn');
    expect(resolveLabelProfile(undefined, 'none').id).toBe('none');
    expect(resolveLabelProfile(undefined, undefined).id).toBe('eu');
  });

  it('names the JSON path of a bad custom profile', () => {
    const bad = (v: unknown) => {
      try {
        resolveLabelProfile(v, undefined, '$.labels');
      } catch (e) {
        return (e as ClipwrightError).path;
      }
      return 'accepted';
    };
    const good = {
      id: 'x',
      visible: null,
      spoken: {
        text: { en: 'This report was read by a synthetic voice.' },
        defaultLanguage: 'en',
        position: 'start',
      },
      implicit: { aigc: true },
    };
    expect(bad(good)).toBe('accepted');
    expect(bad('us')).toBe('$.labels');
    expect(bad({ ...good, id: 'cn' })).toBe('$.labels.id');
    expect(bad({ ...good, implicit: {} })).toBe('$.labels.implicit.aigc');
    expect(bad({ ...good, spoken: { ...good.spoken, text: { en: '   ' } } })).toBe('$.labels.spoken.text.en');
    expect(bad({ ...good, spoken: { ...good.spoken, defaultLanguage: 'fr' } })).toBe(
      '$.labels.spoken.defaultLanguage',
    );
    expect(bad({ ...good, extra: 1 })).toBe('$.labels.extra');
    expect(bad(42)).toBe('$.labels');
  });

  it('gives the spoken line for the language, or null', () => {
    const profile = parseLabelProfile({
      id: 'spoken',
      visible: null,
      spoken: {
        text: { en: 'A synthetic voice reads this report.', zh: '本节目由合成语音播报。' },
        defaultLanguage: 'en',
        position: 'start',
      },
      implicit: { aigc: true },
    });
    expect(spokenDisclosure(profile, 'zh-Hans')).toEqual({
      text: '本节目由合成语音播报。',
      language: 'zh',
      position: 'start',
    });
    expect(spokenDisclosure(BUILT_IN_PROFILES.eu, 'en')).toBeNull();
  });
});

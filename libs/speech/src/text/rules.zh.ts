import { unitOf } from '@app/core';
import type { LocaleRules, TokenContext } from './text.types';

const NUMBER = '\\d[\\d,]*(?:\\.\\d+)?';
const MARKUP = /[*_[\]{}<>|^`~\\#•·]+/gu;
const CURRENCY: Record<string, string> = { $: '美元', '€': '欧元', '£': '英镑', '¥': '日元' };
// 万 (10^4) and 亿 (10^8) are the Chinese grouping: 1.2bn is 12亿, 3.5m is 350万.
const SCALE_FACTORS: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, b: 1e9, bn: 1e9, tn: 1e12 };
const UNITS = 'km/h|km|m/s|mm|cm|kg|mph|mi|ft|°C|°F';
const UNIT_AT_START = new RegExp(`^(?:${UNITS}|m)(?=$|[，。,.;:!?])`, 'u');
const UNIT_GLUED = new RegExp(`(${NUMBER})(${UNITS})(?![A-Za-z])`, 'g');

function chineseAmount(value: number): string {
  if (value >= 1e8) return `${trim(value / 1e8)}亿`;
  if (value >= 1e4) return `${trim(value / 1e4)}万`;
  return trim(value);
}

function trim(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * Mandarin: magnitudes as "7.1级", units in their Chinese names, 万/亿 amounts, signs as 负/正,
 * scores with 比 and ranges with 到, a.m./p.m. as 上午/下午; markup symbols dropped. Chinese is not
 * written with spaces, so the rules rewrite inside tokens rather than match whole ones.
 */
export const CHINESE: LocaleRules = {
  speak(token: string, context: TokenContext): string {
    // "M 7.1": the M is said as 级 after the number.
    let text = token;
    if (/^\d/.test(context.next ?? '')) text = text.replace(/(^|[^A-Za-z])M$/u, '$1');
    if (/(^|[^A-Za-z])M$/u.test(context.previous ?? ''))
      text = text.replace(new RegExp(`^(${NUMBER})(?![\\d.,]*级)`), '$1级');
    text = text.replace(new RegExp(`(^|[^A-Za-z])M(${NUMBER})级?`, 'g'), '$1$2级');
    // A unit standing after a number token: "10 km" -> "10 公里".
    if (/\d$/.test(context.previous ?? '')) {
      text = text.replace(UNIT_AT_START, (u) => unitOf(u)?.zh ?? u);
    }
    text = text.replace(
      new RegExp(`([$€£¥])(${NUMBER})(k|mn|m|bn|b|tn)?`, 'gi'),
      (_all, c: string, n: string, s?: string) => {
        const value = Number(n.replace(/,/g, '')) * (s ? SCALE_FACTORS[s.toLowerCase()] : 1);
        return `${chineseAmount(value)}${CURRENCY[c]}`;
      },
    );
    text = text.replace(new RegExp(`(${NUMBER})\\s*%`, 'g'), '百分之$1');
    text = text.replace(UNIT_GLUED, (_a, n: string, u: string) => `${n}${unitOf(u)?.zh ?? u}`);
    text = text.replace(/(^|[^\d.])(\d{1,2})[–—](\d{1,2})(?![\d.])/g, '$1$2比$3');
    text = text.replace(new RegExp(`(${NUMBER})[–—-](${NUMBER})`, 'g'), '$1到$2');
    text = text.replace(new RegExp(`(^|[^\\w])[-−](${NUMBER})`, 'g'), '$1负$2');
    text = text.replace(/p\.m\./gi, '下午').replace(/a\.m\./gi, '上午');
    text = text.replace(MARKUP, ' ').replace(/[-–—]{2,}/g, ' ');
    return text.replace(/\s+/g, ' ').trim();
  },
};

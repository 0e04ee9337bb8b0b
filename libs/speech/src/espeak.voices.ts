import type { VoiceInfo } from './speech.types';

const LINE = /^\s*(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*)$/u;

/**
 * The voices of `espeak-ng --voices` (columns Pty, Language, Age/Gender, VoiceName, File, Other
 * Languages). The Language column is what `-v` takes, so it is the id; the first voice listed for a
 * language wins (espeak-ng picks that one too). Names spell spaces as `_`.
 */
export function parseEspeakVoices(output: string): VoiceInfo[] {
  const voices: VoiceInfo[] = [];
  const seen = new Set<string>();
  for (const line of output.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, , language, ageGender, name, , others] = m;
    if (seen.has(language) || language === 'variant') continue;
    seen.add(language);
    const also = [...others.matchAll(/\(([^\s)]+)\s+\d+\)/gu)].map((o) => o[1]);
    const sex = ageGender.split('/')[1];
    voices.push({
      id: language,
      provider: 'espeak',
      name: name.replace(/_/gu, ' '),
      languages: [language, ...also.filter((l) => l !== language)],
      ...(sex === 'M' ? { gender: 'male' as const } : sex === 'F' ? { gender: 'female' as const } : {}),
      kind: 'formant',
    });
  }
  return voices;
}

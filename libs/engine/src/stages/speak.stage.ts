import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { findStringPath } from '@app/core';
import { layerKind } from '@app/layers';
import { speakText } from '@app/speech';
import type { BoundScene } from '@app/templates';
import { layScenes, type SceneLength } from '@app/timeline';
import type { AfterBind, Spoken, VoiceSegment } from '../job.types';
import { layerKey } from '../layer-key';
import { chooseVoice, onTemplate } from './voice.choice';

/** Seconds of picture after a scene's last word, so a reading does not end on a cut. */
export const SPEECH_TAIL = 0.3;

/**
 * How long each scene lasts, in seconds, by its rule: a number; `speech`, its narration plus the
 * tail; `auto`, the latest of its layers' fixed ends and its narration plus the tail; `media`, the
 * longest of its layers' own lengths.
 */
export function sceneLength(
  job: AfterBind,
  scene: BoundScene,
  voice?: VoiceSegment,
  segment = 0,
): SceneLength {
  const spoken = voice ? voice.speech.duration + SPEECH_TAIL : 0;
  const spec = scene.spec;
  const kinds = scene.layers.map((l) => layerKind(job.services.kinds, l.type));
  let seconds: number;
  if (typeof spec.duration === 'number') seconds = spec.duration;
  else if (spec.duration === 'speech') seconds = spoken;
  else if (spec.duration === 'auto') {
    seconds = Math.max(spoken, ...spec.layers.map((l, i) => kinds[i].endsAt?.(l as never) ?? 0));
  } else {
    seconds = Math.max(
      0,
      ...scene.layers.map((l, i) => kinds[i].mediaSeconds?.(l.value, job.resources.get(layerKey(l))) ?? 0),
    );
  }
  return {
    id: spec.id,
    rule: typeof spec.duration === 'number' ? 'fixed' : spec.duration,
    seconds,
    ...(voice ? { narration: { seconds: voice.speech.duration, segment } } : {}),
    ...(spec.transition
      ? {
          transition: {
            kind: spec.transition.type,
            seconds: spec.transition.duration ?? 0.5,
            ...(spec.transition.direction ||
            spec.transition.type === 'wipe' ||
            spec.transition.type === 'slide'
              ? { direction: spec.transition.direction ?? 'left' }
              : {}),
          },
        }
      : {}),
  };
}

/**
 * Where a run the voice left out came from: the data field holding it (`$.features[0].properties.place`)
 * when the item has one, since that is what the user can change; undefined for a run the template
 * itself wrote (the caller then names the narration).
 */
function dataPathOf(job: AfterBind, text: string | undefined): string | undefined {
  return text === undefined ? undefined : findStringPath(job.item.data, text, job.item.path);
}

/**
 * Each scene's narration is voiced on its own (one WAV per scene, `voice-<scene>.wav`) through
 * `speakText`: the display text is normalised (numbers, units, codes, abbreviations, markup, the
 * job's lexicon) and runs in other scripts are read by a voice of their language or left out with a
 * warning, never spelled as letter names; word times come back on the words the captions show.
 * Then, since only now is every `speech` scene's length known, the scenes are laid on the clock.
 * Throws SPEECH_NOT_CONFIGURED for a provider that is not set up here and SPEECH_VOICE_UNKNOWN for
 * a voice its catalogue lacks, both on the template field; VOICE_OVER_INVALID for a recording that
 * cannot be the reading of the script.
 */
export async function speak(job: AfterBind): Promise<Spoken> {
  const { manifest } = job.template;
  const narrated = job.bound.scenes.filter((s) => s.narration);
  const { provider, voice: voiceId, language } = await chooseVoice(job, narrated.length);
  const voice: VoiceSegment[] = [];
  for (const [n, scene] of narrated.entries()) {
    const dir = path.join(job.workDir, `voice-${scene.index}`);
    await fs.mkdir(dir);
    const at = `templates/${manifest.id}/template.json#$.scenes[${scene.templateIndex}].narration`;
    const speech = await speakText(provider, scene.narration, {
      voice: voiceId,
      language,
      rate: manifest.voice.rate,
      workDir: dir,
      signal: job.signal,
      lexicon: job.lexicon,
      // A recording has one voice: a run in another script stays out of the synthetic reference.
      ...(job.voiceOver ? { voiceFor: () => undefined } : {}),
    }).catch((e: unknown) => {
      throw onTemplate(e, manifest.id, false, job.voiceOver?.field);
    });
    const file = `voice-${scene.index}.wav`;
    await fs.rename(speech.audioPath, path.join(job.workDir, file));
    await fs.rm(dir, { recursive: true, force: true });
    const { spokenText, warnings, segments, ...result } = speech;
    voice.push({
      scene: scene.index,
      file,
      speech: { ...result, audioPath: path.join(job.workDir, file) },
      text: spokenText,
      segments,
    });
    for (const { text, ...w } of warnings) job.warnings.push({ ...w, path: dataPathOf(job, text) ?? at });
    job.progress((n + 1) / narrated.length);
  }
  const lengths = job.bound.scenes.map((scene) => {
    const segment = voice.findIndex((v) => v.scene === scene.index);
    return sceneLength(job, scene, voice[segment], Math.max(0, segment));
  });
  return { voice, clock: layScenes(lengths, job.rate) };
}

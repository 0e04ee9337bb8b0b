import { ClipwrightError, ErrorCode } from '@app/core';
import { backgroundKind } from './background/background.kind';
import { captionsKind } from './captions/captions.kind';
import { chartKind } from './chart/chart.kind';
import { dataCardKind } from './data-card/data-card.kind';
import { generateKind } from './generate/generate.kind';
import { imageKind } from './image/image.kind';
import type { AnyLayerKind } from './layer-kind';
import { logoKind } from './logo/logo.kind';
import { lowerThirdKind } from './lower-third/lower-third.kind';
import { mapKind } from './map/map.kind';
import { musicKind } from './music/music.kind';
import { presenterKind } from './presenter/presenter.kind';
import { priceTagKind } from './price-tag/price-tag.kind';
import { soundKind } from './sound/sound.kind';
import { titleKind } from './title/title.kind';
import { videoKind } from './video/video.kind';

/**
 * The one registration list: every layer kind a template may use. Adding a kind is a folder and a
 * line here (docs/engine.md, "Add a layer kind in five steps"); the published template schema is
 * composed from this list.
 */
export const layerKinds: readonly AnyLayerKind[] = [
  backgroundKind,
  titleKind,
  lowerThirdKind,
  dataCardKind,
  captionsKind,
  presenterKind,
  imageKind,
  generateKind,
  chartKind,
  mapKind,
  videoKind,
  musicKind,
  soundKind,
  logoKind,
  priceTagKind,
];

/** The kind registered for `type`; the loader has refused any other before this is asked. */
export function layerKind(kinds: readonly AnyLayerKind[], type: string): AnyLayerKind {
  const kind = kinds.find((k) => k.type === type);
  if (!kind) throw new ClipwrightError(ErrorCode.Internal, `no layer kind "${type}" is registered`);
  return kind;
}

import { createCanvas } from '@napi-rs/canvas';
import { paintBackdrop } from './backdrop';
import { paintBug, paintLabel } from './brand-marks';
import { type Graphic, toGraphic } from './graphic';
import type { FrameLayout } from './layout';
import { styleFor } from './style';
import type { Theme } from './theme';

/** Full-frame, opaque: the gradient ground with the channel bug and the disclosure label in their rects. */
export function renderBackground(layout: FrameLayout, theme: Theme, opts: { label: string }): Graphic {
  const s = styleFor(layout, theme);
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  paintBackdrop(ctx, layout, theme, s, false);
  paintBug(ctx, layout.bug, theme, s);
  paintLabel(ctx, layout.label, opts.label, theme, s);
  return toGraphic(canvas, 0, 0);
}

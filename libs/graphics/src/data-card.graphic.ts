import { ClipwrightError, ErrorCode } from '@app/core';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { type Graphic, toGraphic } from './graphic';
import { type FrameLayout } from './layout';
import { clipped, mix, roundRectPath, withShadow } from './paint';
import { type Style, styleFor } from './style';
import { drawFitted, type FittedText, fitText, normalizeText } from './text-fit';
import type { Theme } from './theme';

export interface DataCardRow {
  label: string;
  value: string;
}

export interface DataCardContent {
  title: string;
  rows: DataCardRow[];
}

export const DATA_CARD_MAX_ROWS = 6;

/** Wide cards (portrait) lay rows out in two columns; a value too long for a column takes the full width. */
const TWO_COLUMN_MIN_WIDTH = 760;
/** A value that would shrink below this share of the full size in a column gets a row of its own. */
const SPAN_BELOW = 0.8;

interface Cell {
  label: FittedText;
  value: FittedText;
  x: number;
  width: number;
}

interface Plan {
  width: number;
  height: number;
  pad: number;
  header: FittedText | null;
  headerHeight: number;
  rowHeight: number;
  rowPadY: number;
  labelGap: number;
  /** Value size the rows are built for; a value shrunk below it keeps the shared baseline. */
  valueSize: number;
  lines: Cell[][];
}

function plan(ctx: SKRSContext2D, s: Style, card: DataCardContent, cardWidth: number, k: number): Plan {
  const r = (n: number): number => Math.max(1, Math.round(n * s.u * k));
  const pad = r(26);
  const inner = cardWidth - 2 * pad;
  const twoColumns = cardWidth >= TWO_COLUMN_MIN_WIDTH * s.u;
  const colGap = r(32);
  const colWidth = twoColumns ? Math.floor((inner - colGap) / 2) : inner;
  const valueMax = r(twoColumns ? 52 : 44);
  const valueMin = Math.max(8, Math.round(24 * s.u));
  const labelStyle = { family: s.family, weight: 700, letterSpacing: 0.1, uppercase: true };
  const valueStyle = { family: s.family, weight: 700 };

  const title = normalizeText(card.title, true);
  const header = title
    ? fitText(ctx, title, {
        ...labelStyle,
        letterSpacing: 0.14,
        maxWidth: inner,
        maxSize: r(22),
        minSize: Math.max(8, Math.round(15 * s.u)),
      })
    : null;
  const headerHeight = header ? r(60) : 0;

  const fitValue = (value: string, width: number, maxSize: number): FittedText =>
    fitText(ctx, value, { ...valueStyle, maxWidth: width, maxSize, minSize: Math.min(valueMin, maxSize) });

  // Decide spans, then one shared value size so the figures read as a set.
  const spans = card.rows.map(
    (row) => !twoColumns || fitValue(row.value, colWidth, valueMax).size < valueMax * SPAN_BELOW,
  );
  const groups: number[][] = [];
  const open: number[] = [];
  card.rows.forEach((_row, i) => {
    if (spans[i] && open.length) groups.push(open.splice(0));
    open.push(i);
    if (spans[i] || open.length === 2) groups.push(open.splice(0));
  });
  if (open.length) groups.push(open);
  // A cell alone on its line takes the whole width rather than leaving a hole beside it.
  const widthOf = (group: number[]): number => (group.length === 2 ? colWidth : inner);
  const shared = Math.max(
    Math.round(valueMax * SPAN_BELOW),
    Math.min(...groups.flatMap((g) => g.map((i) => fitValue(card.rows[i].value, widthOf(g), valueMax).size))),
  );
  const lines: Cell[][] = groups.map((g) =>
    g.map((i, ci) => ({
      label: fitText(ctx, card.rows[i].label, {
        ...labelStyle,
        maxWidth: widthOf(g),
        maxSize: r(18),
        minSize: Math.max(7, r(13)),
      }),
      value: fitValue(card.rows[i].value, widthOf(g), shared),
      x: ci === 0 ? pad : pad + colWidth + colGap,
      width: widthOf(g),
    })),
  );

  const rowPadY = r(18);
  const labelGap = r(16);
  const labelSize = r(18);
  const metrics = lines[0]?.[0]?.value.metrics ?? { cap: 0.72, ascent: 0.95, descent: 0.25 };
  const rowHeight = Math.round(
    2 * rowPadY + metrics.cap * labelSize + labelGap + (metrics.cap + metrics.descent) * shared,
  );
  return {
    width: cardWidth,
    height: headerHeight + lines.length * rowHeight + r(6),
    pad,
    header,
    headerHeight,
    rowHeight,
    rowPadY,
    labelGap,
    valueSize: shared,
    lines,
  };
}

/**
 * Facts card: an accent header with the card title, then rows of a small tracked label over a big
 * value. Full width of `layout.dataCard`, top-aligned, as tall as its rows; everything scales down
 * together when six rows would not fit.
 */
export function renderDataCard(layout: FrameLayout, theme: Theme, card: DataCardContent): Graphic {
  if (card.rows.length < 1 || card.rows.length > DATA_CARD_MAX_ROWS) {
    throw new ClipwrightError(
      ErrorCode.Internal,
      `A data card takes 1 to ${DATA_CARD_MAX_ROWS} rows, got ${card.rows.length}`,
      { detail: { rows: card.rows.length } },
    );
  }
  const s = styleFor(layout, theme);
  const box = layout.dataCard;
  const cardWidth = Math.max(1, box.width - 2 * s.inset);
  const room = box.height - 2 * s.inset;
  const measureCtx = createCanvas(1, 1).getContext('2d');

  let p = plan(measureCtx, s, card, cardWidth, 1);
  for (let k = 0.95; p.height > room && k >= 0.5; k -= 0.05) p = plan(measureCtx, s, card, cardWidth, k);

  const height = Math.min(box.height, p.height + 2 * s.inset);
  const canvas = createCanvas(box.width, height);
  const ctx = canvas.getContext('2d');
  const x0 = s.inset;
  const y0 = s.inset;
  const bodyHeight = Math.min(p.height, height - 2 * s.inset);
  const radius = 8 * s.u;

  withShadow(ctx, s.shadow, () => {
    ctx.fillStyle = theme.panel;
    roundRectPath(ctx, x0, y0, p.width, bodyHeight, radius);
    ctx.fill();
  });
  const body = ctx.createLinearGradient(0, y0, 0, y0 + bodyHeight);
  body.addColorStop(0, theme.panel);
  body.addColorStop(1, mix(theme.panel, theme.panelText, 0.05));
  ctx.fillStyle = body;
  roundRectPath(ctx, x0, y0, p.width, bodyHeight, radius);
  ctx.fill();

  clipped(ctx, x0, y0, p.width, bodyHeight, () => {
    if (p.header) {
      const g = ctx.createLinearGradient(x0, 0, x0 + p.width, 0);
      g.addColorStop(0, theme.accent);
      g.addColorStop(1, mix(theme.accent, '#000000', 0.14));
      ctx.fillStyle = g;
      roundRectPath(ctx, x0, y0, p.width, p.headerHeight, [radius, radius, 0, 0]);
      ctx.fill();
      const h = p.header;
      drawFitted(ctx, h, x0 + p.pad, y0 + (p.headerHeight + h.metrics.cap * h.size) / 2, theme.accentText);
    }
    const rule = mix(theme.panel, theme.panelText, 0.13);
    const hair = Math.max(1, Math.round(s.u));
    p.lines.forEach((line, li) => {
      const top = y0 + p.headerHeight + li * p.rowHeight;
      if (li > 0) {
        ctx.fillStyle = rule;
        ctx.fillRect(x0 + p.pad, Math.round(top), p.width - 2 * p.pad, hair);
      }
      line.forEach((cell, ci) => {
        const cx = x0 + cell.x;
        if (ci > 0) {
          ctx.fillStyle = rule;
          const between = x0 + (line[0].x + line[0].width + cell.x) / 2;
          ctx.fillRect(Math.round(between), top + p.rowPadY, hair, p.rowHeight - 2 * p.rowPadY);
        }
        const labelBase = top + p.rowPadY + cell.label.metrics.cap * cell.label.size;
        const valueBase = labelBase + p.labelGap + cell.value.metrics.cap * p.valueSize;
        const hero = li === 0 && ci === 0;
        clipped(ctx, cx, top, cell.width, p.rowHeight, () => {
          drawFitted(ctx, cell.label, cx, labelBase, theme.muted);
          drawFitted(ctx, cell.value, cx, valueBase, hero ? theme.accent : theme.panelText);
        });
      });
    });
  });

  return toGraphic(canvas, box.x, box.y);
}

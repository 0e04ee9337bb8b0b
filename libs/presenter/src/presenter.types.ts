import type { Viseme } from '@app/core';

/** Every mouth shape a presenter must draw: the Preston Blair / Rhubarb set (timing.types.ts). */
export const VISEMES: readonly Viseme[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'X'];

/** A colour (`#rgb`, `#rrggbb`, `#rrggbbaa`) or `$name` from the manifest's palette. */
export type Paint = string;

export interface LinearGradient {
  /** Two points in art units; the gradient runs from the first to the second. */
  from: [number, number];
  to: [number, number];
  stops: [number, Paint][];
}

/** One filled (or stroked) SVG path of the art, in art units (the manifest's `canvas`). */
export interface ArtShape {
  /** SVG path data, as `Path2D` reads it. */
  d: string;
  fill?: Paint | LinearGradient;
  stroke?: Paint;
  strokeWidth?: number;
  opacity?: number;
  /** Paint only inside the previous shape that has `name` equal to this (shading that must stay on the face). */
  clip?: string;
  name?: string;
}

/** Parameters of one mouth shape; the mouth is drawn from them, so shapes blend by interpolation. */
export interface MouthShape {
  /** Gap between the lips, as a fraction of the mouth's half width (0 = closed). */
  open: number;
  /** Width of the mouth relative to the rest pose (1). */
  width: number;
  /** 0 spread, 1 puckered (round opening, fuller lips). */
  round: number;
  /** How much of the upper and lower teeth shows, 0–1. */
  teethTop: number;
  teethBottom: number;
  /** Tongue raised behind the upper teeth (L), 0–1. */
  tongue: number;
  /** Lower lip drawn in under the upper teeth (F, V), 0–1. */
  tuck: number;
  /** Lips pressed together (M, B, P): a firmer, fuller line, 0–1. */
  press: number;
  /** Corners lifted, as a fraction of the half width (negative turns them down). */
  smile: number;
}

export interface MouthRig {
  /** Centre of the mouth at rest, art units. */
  center: [number, number];
  /** Half the width of the mouth at rest, art units. */
  halfWidth: number;
  /** Thickness of the upper and lower lip at rest, art units. */
  upperLip: number;
  lowerLip: number;
  lip: Paint;
  /** The line where closed lips meet. */
  line: Paint;
  inside: Paint;
  teeth: Paint;
  tongue: Paint;
  shapes: Record<Viseme, MouthShape>;
}

export interface EyeRig {
  /** Centre of the left and right eye (viewer's left first), art units. */
  centers: [[number, number], [number, number]];
  /** Half width and half height of the eye opening. */
  rx: number;
  ry: number;
  /** How much the outer corners lift (almond tilt), art units. */
  tilt: number;
  white: Paint;
  iris: Paint;
  irisRadius: number;
  pupil: Paint;
  /** The lid colour (skin) and the lash line along its edge. */
  lid: Paint;
  lash: Paint;
  lashWidth: number;
  /** Length of the lash flick at the outer corner, 0 (none) to 1. */
  flick?: number;
  /** How far the iris may travel from the centre, art units. */
  gazeRange: number;
  /** Brows, one path each (viewer's left first), drawn with the eyes so they can lift. */
  brows: [string, string];
  brow: Paint;
  /** How far the brows lift at an emphasis, art units. */
  browLift: number;
  /** Optional glasses drawn over the eyes: frame paths (stroked) and lens paths (filled). */
  glasses?: { frame: string[]; lens?: string[]; color: Paint; width: number; lensFill?: Paint };
}

export interface PresenterManifest {
  id: string;
  name: string;
  kind: 'rig';
  schemaVersion: 1;
  description?: string;
  licence?: string;
  /** `real-person`: drawn after a real person, so a job needs their consent on record; default synthetic. */
  likeness?: 'synthetic' | 'real-person';
  /** Size of the art in art units; the figure is drawn bottom-centred, scaled to fit the clip. */
  canvas: { width: number; height: number };
  palette: Record<string, string>;
  /** Drawn once: torso, clothing, neck. Breathes (a slight vertical stretch from the bottom). */
  body: ArtShape[];
  /** Drawn once: hair, ears, face, nose. Moves with nods and sway. */
  head: ArtShape[];
  eyes: EyeRig;
  mouth: MouthRig;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A workspace's brand kit as the engine reads it (`{ channelName?, logo?, colors?: { accent?,
 * background?, text? }, font?, aiLabel? }`): colours `#rrggbb`, the logo as `asset:<id>` of an upload,
 * the font as an installed family name. Stored whole, checked by the API before it is written.
 */
export interface BrandKit {
  channelName?: string;
  logo?: string;
  colors?: { accent?: string; background?: string; text?: string };
  font?: string;
  aiLabel?: string;
}

/** One row per workspace that saved a kit; no row means the templates' own look. */
@Entity('brand_kit')
export class BrandKitEntity {
  @PrimaryColumn({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'simple-json' })
  kit!: BrandKit;

  @Column({ type: Date })
  updatedAt!: Date;
}

export {
  CAPTION_AVG_CHAR_EM,
  CAPTION_CHARS_PER_LINE,
  type FrameLayout,
  isLandscape,
  type LayoutOptions,
  layoutFor,
  PRESENTER_ASPECT,
  PRESENTER_HEAD,
  type PresenterPlacement,
  presenterHeadRect,
  type Rect,
  rectContains,
  rectsIntersect,
} from './layout';
export { type BrandLook, defaultTheme, type Theme, themeFromBrand } from './theme';
export {
  CJK_FONT_FAMILY,
  EMOJI_FONT_FAMILY,
  FONT_FAMILY,
  fontFiles,
  fontStack,
  hasCjkFont,
  markUndrawable,
  registerFonts,
  withoutUndrawable,
} from './fonts';
export type { Graphic } from './graphic';
export { type FitRequest, type FittedText, fitText, type TextStyle } from './text-fit';
export { renderBackground } from './background.graphic';
export { renderTitleCard, type TitleCardText } from './title-card.graphic';
export { loadPhoto, MAX_PHOTO_PIXELS } from './photo';
export { encodePng } from './png';
export { type LowerThirdText, renderLowerThird } from './lower-third.graphic';
export {
  DATA_CARD_MAX_ROWS,
  type DataCardContent,
  type DataCardRow,
  renderDataCard,
} from './data-card.graphic';
export { layoutUnit } from './layout';
export { inkOn, mix } from './paint';
export { type PriceTagContent, renderPriceTag } from './price-tag.graphic';

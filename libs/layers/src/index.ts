// Light on purpose: nothing here loads Skia, onnxruntime or starts a process (each kind's drawing
// half is a dynamic import), so the API can check templates with the same kinds as the engine.
export * from './layer-kind';
export * from './registry';
export * from './kind-definition';
export { folderPresenterIndex } from './presenter/presenter-index';
export { placementFor, PRESENTER_PLACEMENTS } from './presenter/presenter.kind';
export { viewBoxes } from './image/image.kind';

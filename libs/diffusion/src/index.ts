// The diffusion engine (issue 12): Stable Diffusion-family models in the diffusers ONNX layout, run
// with onnxruntime-node. See libs/diffusion/README.md and models/diffusion/README.md.
export * from './tensor/half-float.codec';
export * from './text/clip.tokenizer';
export * from './tensor/gaussian-noise';
export * from './scheduler/noise-schedule';
export * from './scheduler/scheduler.types';
export * from './scheduler/scheduler.factory';
export * from './scheduler/euler.scheduler';
export * from './scheduler/ddim.scheduler';
export * from './scheduler/lcm.scheduler';
export * from './runtime/onnx-runtime';
export * from './runtime/tensor-io';
export * from './model/model-family';
export * from './model/model-manifest';
export * from './model/model-folder';
export * from './model/component-signatures';
export * from './model/diffusion-model.loader';
export * from './image/rgba-image';
export * from './image/inpaint-mask';
export * from './pipeline/diffusion.pipeline';
export * from './image/image-padding';
export * from './engine/image-request';
export * from './engine/model.registry';
export * from './engine/request-images';
export * from './engine/diffusion.engine';

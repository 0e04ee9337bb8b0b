// The diffusion engine (issue 12): Stable Diffusion-family models in the diffusers ONNX layout, run
// with onnxruntime-node. See libs/diffusion/README.md and models/diffusion/README.md.
export * from './tensor/half-float.codec';
export * from './text/clip.tokenizer';

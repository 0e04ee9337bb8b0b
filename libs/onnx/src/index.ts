export * from './onnx-graph.builder';

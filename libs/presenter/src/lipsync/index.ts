// Neural lip-sync presenters (issue 3, part 4): a still photo or an idle video made to speak by a
// user-supplied model with the Wav2Lip signature, run with onnxruntime-node. See NOTES.md.
export * from './face-window';
export * from './mel';
export * from './raw-media.reader';
export * from './wav2lip.manifest';
export * from './wav2lip.renderer';
export * from './wav2lip.session';

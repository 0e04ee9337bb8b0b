// Importing @app/speech must not need a key, the network or the optional runtimes: the cloud SDKs
// and ONNX Runtime are loaded only when a provider first uses them. Each mock below fails the test
// if the module is loaded during the import.
const loaded: string[] = [];
jest.mock('microsoft-cognitiveservices-speech-sdk', () => {
  loaded.push('microsoft-cognitiveservices-speech-sdk');
  return {};
});
jest.mock('@aws-sdk/client-polly', () => {
  loaded.push('@aws-sdk/client-polly');
  return {};
});
jest.mock('onnxruntime-node', () => {
  loaded.push('onnxruntime-node');
  return {};
});

describe('@app/speech', () => {
  it('loads no cloud SDK and no ONNX Runtime when imported', async () => {
    const speech = await import('./index');
    expect(typeof speech.createSpeechProviders).toBe('function');
    speech.createSpeechProviders(speech.speechConfigFromEnv({}));
    expect(loaded).toEqual([]);
  });
});

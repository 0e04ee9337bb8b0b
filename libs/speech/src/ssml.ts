const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** SSML that reads the tokens apart, so the length of each one can be measured from the audio. */
export function separatedTokensSsml(tokens: readonly string[], breakMs = 400): string {
  return `<speak>${tokens.map(escapeXml).join(`<break time="${breakMs}ms"/>`)}</speak>`;
}

import { escapeXml, separatedTokensSsml } from './ssml';

describe('ssml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`AT&T <b> "q" it's`)).toBe('AT&amp;T &lt;b&gt; &quot;q&quot; it&apos;s');
  });

  it('separates the tokens with breaks', () => {
    expect(separatedTokensSsml(['A', 'magnitude', '5.8', 'R&D'])).toBe(
      '<speak>A<break time="400ms"/>magnitude<break time="400ms"/>5.8<break time="400ms"/>R&amp;D</speak>',
    );
  });
});

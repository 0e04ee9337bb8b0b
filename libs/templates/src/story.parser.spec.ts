import { ClipwrightError } from '@app/core';
import { parseStory } from './story.parser';

const SCRIPT = `# Flood barrier opens *early*

![The new barrier at dawn](photos/barrier.jpg)

The city's new flood barrier opened on Monday, two months ahead of schedule,
after a [council vote](https://example.org/vote) on Friday.

> lower third: Ana Ruiz — Mayor of Riverton

"We built it for the next hundred years," the mayor said. <b>Residents</b> cheered &amp; waved.

Work on the second phase starts in spring.
![Phase two site](asset:0b5ea1a4-5b1c-4f7e-9a57-2f8d1e6b9c11)
`;

function fails(script: string, format: 'markdown' | 'text' = 'markdown'): ClipwrightError {
  try {
    parseStory(script, format, '--script story.md');
  } catch (e) {
    if (e instanceof ClipwrightError) return e;
    throw e;
  }
  throw new Error('expected the script to be refused');
}

describe("a reporter's script becomes a story", () => {
  it('reads the headline, one paragraph per block, pictures and lower thirds with the paragraph after them', () => {
    expect(parseStory(SCRIPT, 'markdown', 'story.md')).toEqual({
      headline: 'Flood barrier opens early',
      paragraphs: [
        {
          text: "The city's new flood barrier opened on Monday, two months ahead of schedule, after a council vote on Friday.",
          line: 5,
          image: { src: 'photos/barrier.jpg', caption: 'The new barrier at dawn', line: 3 },
        },
        {
          text: '"We built it for the next hundred years," the mayor said. Residents cheered & waved.',
          line: 10,
          lowerThird: { name: 'Ana Ruiz', title: 'Mayor of Riverton', line: 8 },
        },
        {
          text: 'Work on the second phase starts in spring.',
          line: 12,
          image: { src: 'asset:0b5ea1a4-5b1c-4f7e-9a57-2f8d1e6b9c11', caption: 'Phase two site', line: 13 },
        },
      ],
    });
  });

  it('never reads what is inside a <script> or <style>, and an unclosed one stops at its paragraph', () => {
    const story = parseStory(
      '# H\n\nSafe <script>alert(1)</script> and <style>p{}</style>sound.\n\nAn <script>open one.\n\nThen this.\n',
      'markdown',
      'story.md',
    );
    expect(story.paragraphs.map((p) => p.text)).toEqual(['Safe and sound.', 'An', 'Then this.']);
  });

  it('takes plain text the same way, the first line as the headline, markup left as written', () => {
    const story = parseStory(
      'Storm closes *two* schools\nBoth reopen on Thursday.\n\n> lower third: Li Wei – Head teacher\n![Gate](gate.jpg)\n\n雨还在下。\n',
      'text',
      'x',
    );
    expect(story).toEqual({
      headline: 'Storm closes *two* schools',
      paragraphs: [
        { text: 'Both reopen on Thursday.', line: 2 },
        {
          text: '雨还在下。',
          line: 7,
          lowerThird: { name: 'Li Wei', title: 'Head teacher', line: 4 },
          image: { src: 'gate.jpg', caption: 'Gate', line: 5 },
        },
      ],
    });
  });

  it('a trailing picture goes to the last paragraph; a quote that is no lower third is read', () => {
    const story = parseStory('Title\n\nOne.\n\n> Two, quoted.\n\n![end](e.png)\n', 'markdown', 'x');
    expect(story.paragraphs).toEqual([
      { text: 'One.', line: 3 },
      { text: 'Two, quoted.', line: 5, image: { src: 'e.png', caption: 'end', line: 7 } },
    ]);
  });

  it.each<[string, string, 'markdown' | 'text', RegExp]>([
    ['an empty script', ' \n\n', 'markdown', /line 1: the script has no text/],
    ['a headline alone', '# Only a headline\n', 'markdown', /line 1: .*no paragraph/],
    [
      'two pictures for one paragraph',
      'H\n\n![a](a.jpg)\n![b](b.jpg)\n\nText.',
      'markdown',
      /line 4: one picture per paragraph: .*"a.jpg" \(line 3\)/,
    ],
    [
      'a lower third without a title',
      'H\n\n> lower third: Ana Ruiz\n\nText.',
      'markdown',
      /line 3: a lower third is "Name — Title"/,
    ],
    [
      'two lower thirds',
      'H\n\n> lower third: A — B\n\n> lower third: C — D\n\nText.',
      'text',
      /line 5: one lower third per paragraph/,
    ],
    [
      'a paragraph too long to be one scene',
      `H\n\n${'word '.repeat(300)}`,
      'markdown',
      /line 3: a paragraph is one scene, at most 1200/,
    ],
  ])('refuses %s, naming the line', (_what, script, format, message) => {
    const e = fails(script, format);
    expect(e.code).toBe('DATA_SCHEMA_MISMATCH');
    expect(e.message).toMatch(message);
  });
});

import { PayloadError } from './clip-payload';
import { findAdapter } from './template-adapters';

describe("the story adapter: the story text (roStorySend) becomes the story template's script", () => {
  const story = findAdapter('story')!;

  it('reads each <p> as a paragraph, the first as the headline unless a field gives one', () => {
    const text =
      'Barrier opens early\nThe barrier opened on Monday.\n> lower third: Ana Ruiz — Mayor\n"It will hold," she said.';
    expect(story.usesStoryText).toBe(true);
    expect(story.toData({}, text)).toEqual({
      headline: 'Barrier opens early',
      paragraphs: [
        { text: 'The barrier opened on Monday.', line: 2 },
        {
          text: '"It will hold," she said.',
          line: 4,
          lowerThird: { name: 'Ana Ruiz', title: 'Mayor', line: 3 },
        },
      ],
    });
    expect(story.toData({ headline: 'Given' }, 'First paragraph.')).toEqual({
      headline: 'Given',
      paragraphs: [{ text: 'First paragraph.', line: 2 }],
    });
  });

  it('leaves a story with no text yet to the API to refuse, and NACKs a script it cannot read', () => {
    expect(story.toData({ headline: 'H' }, '')).toEqual({ headline: 'H', paragraphs: [] });
    expect(() => story.toData({}, 'H\n> lower third: nobody')).toThrow(PayloadError);
    expect(() => story.toData({}, 'H\n> lower third: nobody')).toThrow(
      /line 2: a lower third is "Name — Title"/,
    );
  });
});

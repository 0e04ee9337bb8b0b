import { clipMeta, item, runningOrder, s128, story } from '../../test/gateway.testing';
import * as ro from './ro-model';

const ids = (doc: ro.RoDoc) => doc.stories.map((s) => `${s.id}:${s.items.map((i) => i.id).join('+')}`);
const base = () =>
  ro.roFromMos(
    runningOrder('RO', [
      story('A', [item('a1', 'o1', 'm'), item('a2', 'o2', 'm')]),
      story('B', []),
      story('C', [item('c1', 'o3', 'm')]),
    ]),
  );

describe('running-order mirror', () => {
  it('inserts, moves, swaps, replaces and deletes stories (MOS 2.8.5 roElementAction)', () => {
    let doc = ro.insertStories(base(), 'B', [story('X', [])]);
    expect(ids(doc)).toEqual(['A:a1+a2', 'X:', 'B:', 'C:c1']);
    doc = ro.insertStories(doc, '', [story('Y', [])]);
    expect(ids(doc)).toEqual(['A:a1+a2', 'X:', 'B:', 'C:c1', 'Y:']);
    doc = ro.moveStories(doc, 'A', ['C', 'Y']);
    expect(ids(doc)).toEqual(['C:c1', 'Y:', 'A:a1+a2', 'X:', 'B:']);
    doc = ro.moveStories(doc, '', ['C']);
    expect(ids(doc)).toEqual(['Y:', 'A:a1+a2', 'X:', 'B:', 'C:c1']);
    doc = ro.swapStories(doc, 'Y', 'C');
    expect(ids(doc)).toEqual(['C:c1', 'A:a1+a2', 'X:', 'B:', 'Y:']);
    doc = ro.replaceStory(doc, 'X', [story('X2', []), story('X3', [])]);
    expect(ids(doc)).toEqual(['C:c1', 'A:a1+a2', 'X2:', 'X3:', 'B:', 'Y:']);
    doc = ro.deleteStories(doc, ['X2', 'Y']);
    expect(ids(doc)).toEqual(['C:c1', 'A:a1+a2', 'X3:', 'B:']);
  });

  it('inserts, moves, swaps, replaces and deletes items', () => {
    let doc = ro.insertItems(base(), 'A', 'a2', [item('n', 'on', 'm')]);
    expect(ids(doc)[0]).toBe('A:a1+n+a2');
    doc = ro.moveItems(doc, 'A', 'a1', ['a2']);
    expect(ids(doc)[0]).toBe('A:a2+a1+n');
    doc = ro.swapItems(doc, 'A', 'a2', 'n');
    expect(ids(doc)[0]).toBe('A:n+a1+a2');
    doc = ro.replaceItem(doc, 'A', 'a1', [item('r', 'or', 'm')]);
    expect(ids(doc)[0]).toBe('A:n+r+a2');
    doc = ro.deleteItems(doc, 'A', ['n', 'a2']);
    expect(ids(doc)[0]).toBe('A:r');
  });

  it('refuses unknown or duplicate ids and leaves the document as it was', () => {
    const doc = base();
    const before = JSON.stringify(doc);
    expect(() => ro.deleteStories(doc, ['Z'])).toThrow('story Z is not in running order RO');
    expect(() => ro.insertItems(doc, 'A', 'zz', [item('q', 'o', 'm')])).toThrow(
      'item zz is not in story A of running order RO',
    );
    expect(() => ro.insertStories(doc, '', [story('A', [])])).toThrow('story A is already there');
    expect(() => ro.moveStories(doc, 'A', ['A'])).toThrow('cannot move A before itself');
    expect(() => ro.roFromMos(runningOrder('R', [story('S', []), story('S', [])]))).toThrow(
      'story S appears twice in running order R',
    );
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('keeps story texts across a roReplace and takes a roStorySend body', () => {
    let doc = ro.setStoryBody(base(), 'A', 'Line one.', null);
    doc = ro.roFromMos(runningOrder('RO', [story('A', [item('a1', 'o1', 'm')])]), doc);
    expect(doc.stories[0].text).toBe('Line one.');
    const body = ro.storyBodyOf({
      ID: s128('A'),
      RunningOrderId: s128('RO'),
      Body: [
        { Type: 'p', Content: { text: 'Hello  world' } },
        { Type: 'pi', Content: { text: 'camera 2' } },
        { Type: 'p', Content: { elements: [{ text: 'Bonjour' }, { $name: 'em', text: 2024 }] } },
        { Type: 'storyItem', Content: item('a9', 'o9', 'm') },
      ],
    });
    expect(body.text).toBe('Hello world\nBonjour 2024');
    expect(body.items?.map((i) => ro.text(i.ID))).toEqual(['a9']);
  });

  it('stores Clipwright metadata in one shape and gives back a running order', () => {
    const doc = ro.roFromMos(
      runningOrder('RO', [story('A', [item('a1', 'o1', 'm', clipMeta('news-brief', [['mag', '5']]))])]),
    );
    expect(doc.stories[0].items[0].meta?.[0].MosPayload).toEqual({
      clipwright: { '@version': '1', '@template': 'news-brief', field: [{ '@name': 'mag', '@value': '5' }] },
    });
    const back = ro.roToMos(doc);
    expect(ro.text(back.Stories[0].Items[0].ObjectID)).toBe('o1');
  });
});

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ResultWarning } from '@app/core';
import { PresenterLibrary } from '@app/presenter';
import type { ConsentRecord } from '@app/provenance';
import { checkTemplateRights, jobLabelProfile, jobProvenance, languageOfVoice } from './job-provenance';
import { loadTestTemplate, manifestWith, useWorkspace } from './testing/engine.testing';

const ADA = path.resolve(__dirname, '../../../models/presenters/ada/presenter.json');
const NOW = new Date('2026-06-01T00:00:00Z');

function consent(over: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: 'c-1',
    workspaceId: 'ws',
    subject: 'Jane Anchor',
    scope: { presenterIds: ['jane'], voiceIds: [], commercial: false },
    grantedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: null,
    revokedAt: null,
    evidence: { ref: 'asset:release-jane' },
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

describe('job provenance: rights before render, the label profile, the implicit labels', () => {
  const ws = useWorkspace('job-provenance');
  let presenters: string;

  /** A presenters folder with `jane`: ada's rig, declared as drawn after a real person. */
  async function setUp(extra: Record<string, unknown> = {}) {
    presenters = path.join(ws.root, 'presenters');
    await fs.mkdir(path.join(presenters, 'jane'), { recursive: true });
    const ada = JSON.parse(await fs.readFile(ADA, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(
      path.join(presenters, 'jane', 'presenter.json'),
      JSON.stringify({ ...ada, id: 'jane', name: 'Jane', likeness: 'real-person', licence: 'CC-BY-NC-4.0' }),
    );
    const scene = {
      id: 'read',
      duration: 'speech',
      narration: 'Hello.',
      layers: [{ type: 'background' }, { type: 'presenter', id: 'jane' }],
    };
    return loadTestTemplate(path.join(ws.root, 'templates'), manifestWith([scene], extra), {}, presenters);
  }

  it('refuses a presenter with a real person\u2019s likeness and no consent, naming the template path', async () => {
    const template = await setUp();
    const run = checkTemplateRights(template, new PresenterLibrary(presenters), { consents: [] }, NOW);
    await expect(run).rejects.toMatchObject({
      code: 'CONSENT_REQUIRED',
      path: 'templates/test/template.json#$.scenes[0].layers[1].id',
      detail: { kind: 'presenter', id: 'jane', reason: 'no-consent' },
    });
    await expect(run).rejects.toThrow('presenter "Jane" (jane) shows a real person');
  });

  it('accepts it with a consent on record, and refuses it once the consent is revoked', async () => {
    const template = await setUp();
    const library = new PresenterLibrary(presenters);
    const report = await checkTemplateRights(template, library, { consents: [consent()] }, NOW);
    expect(report.used.map((u) => [u.kind, u.id, u.licence.id, u.consent?.recordId])).toEqual([
      ['presenter', 'jane', 'CC-BY-NC-4.0', 'c-1'],
      ['voice', 'espeak:en-us', 'GPL-3.0-or-later', undefined],
    ]);
    const revoked = consent({ revokedAt: new Date('2026-05-01T00:00:00Z') });
    await expect(checkTemplateRights(template, library, { consents: [revoked] }, NOW)).rejects.toMatchObject({
      code: 'CONSENT_REQUIRED',
      detail: { reason: 'consent-revoked' },
    });
  });

  it('refuses a non-commercial licence in a commercial workspace (LICENCE_FORBIDS_USE)', async () => {
    const template = await setUp();
    const run = checkTemplateRights(
      template,
      new PresenterLibrary(presenters),
      {
        workspace: { id: 'ws', commercial: true },
        consents: [consent({ scope: { presenterIds: ['jane'], voiceIds: [], commercial: true } })],
      },
      NOW,
    );
    await expect(run).rejects.toMatchObject({
      code: 'LICENCE_FORBIDS_USE',
      path: 'templates/test/template.json#$.scenes[0].layers[1].id',
      detail: { kind: 'presenter', id: 'jane', reason: 'licence-non-commercial' },
    });
  });

  it('picks the label profile: request, then template, then workspace, then the deployment, then eu', async () => {
    const plain = await setUp();
    expect(jobLabelProfile(plain, {}, undefined).id).toBe('eu');
    expect(jobLabelProfile(plain, {}, { signer: null, defaultLabels: 'none' }).id).toBe('none');
    const space = { id: 'ws', commercial: false, labelProfile: 'cn' };
    expect(jobLabelProfile(plain, { workspace: space }, { signer: null, defaultLabels: 'none' }).id).toBe(
      'cn',
    );
    expect(jobLabelProfile(plain, { workspace: space, labels: 'none' }, undefined).id).toBe('none');
    const templated = await loadTestTemplate(
      path.join(ws.root, 't2'),
      manifestWith([{ id: 'a', duration: 1, layers: [{ type: 'background' }] }], { labels: 'cn' }),
    );
    expect(jobLabelProfile(templated, { workspace: { ...space, labelProfile: 'eu' } }, undefined).id).toBe(
      'cn',
    );
    expect(() => jobLabelProfile(plain, { labels: 'us' }, undefined)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'labels' }),
    );
  });

  it('names the workspace and the job in the implicit labels, and warns when nothing signs', async () => {
    const template = await setUp();
    const warnings: ResultWarning[] = [];
    const p = jobProvenance(
      template,
      {
        contentId: 'job-9',
        workspace: { id: 'ws', name: '新闻台', commercial: false, providerCode: 'P-001' },
      },
      { signer: null },
      { workspaceCommercial: false, checkedAt: NOW.toISOString(), used: [] },
      warnings,
      NOW,
    );
    expect(p.labels.aigc).toMatchObject({ Label: '1', ContentProducer: 'P-001', ProduceID: 'job-9' });
    expect(p.labels.disclosure).toContain('workspace 新闻台, job job-9');
    expect(warnings.map((w) => w.code)).toEqual(['CONTENT_CREDENTIALS_UNSIGNED']);
    expect([languageOfVoice('cmn'), languageOfVoice('en-us')]).toEqual(['zh', 'en-us']);
  });
});

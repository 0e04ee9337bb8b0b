import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ClipwrightError, ErrorCode } from '@app/core';
import { parseLicence, WAV2LIP_OFFICIAL_WEIGHTS } from './licence';
import { checkRights, presenterRights, rightsRefusalError, voiceRights } from './rights.check';
import { parseNewConsent, parseRightsSettings } from './rights.requests';
import { InMemoryRightsStore } from './rights.store';
import { storeContract } from './rights.store.testing';
import { ConsentRecord, RightsItem } from './rights.types';
import { ConsentRecordEntity } from './typeorm/consent-record.entity';
import { ProvenanceRights1765000000000 } from './typeorm/1765000000000-provenance-rights.migration';
import { TypeOrmRightsStore } from './typeorm/typeorm-rights.store';
import { WorkspaceRightsEntity } from './typeorm/workspace-rights.entity';

const NOW = new Date('2026-03-01T12:00:00Z');
const WS = '0190f3a2-0000-7000-8000-000000000001';

const ada = presenterRights({
  id: 'ada',
  name: 'Ada',
  kind: 'rig',
  licence: 'Apache-2.0 (drawn for Clipwright)',
});
const espeak = voiceRights({ provider: 'espeak-ng', voice: 'en-us' });
/** A photo presenter of a real newsreader, with the weights the channel trained and licensed. */
const maria = presenterRights({
  id: 'maria',
  name: 'Maria Lopez',
  kind: 'wav2lip',
  licence: { id: 'LicenseRef-Channel-Owned', commercial: true },
  model: 'lipsync/channel-w2l.onnx',
  modelLicence: { id: 'LicenseRef-Channel-Trained', commercial: true },
});

function consent(over: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: 'c-1',
    workspaceId: WS,
    subject: 'Maria Lopez',
    scope: { presenterIds: ['maria'], voiceIds: [], commercial: true },
    grantedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    revokedAt: null,
    evidence: { ref: 'asset:release-maria.pdf' },
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

function refusal(usage: RightsItem[], commercial: boolean, records: ConsentRecord[]) {
  const d = checkRights(usage, { commercial }, records, NOW);
  return d.ok ? null : d.refusal;
}

describe('checkRights', () => {
  it('lists what was used and under which licence', () => {
    const d = checkRights([espeak, ...ada], { commercial: true }, [], NOW);
    expect(d.ok && d.report).toEqual({
      workspaceCommercial: true,
      checkedAt: NOW.toISOString(),
      used: [
        {
          kind: 'presenter',
          id: 'ada',
          name: 'Ada',
          licence: { id: 'Apache-2.0', name: 'Apache-2.0 (drawn for Clipwright)', commercial: true },
          likeness: 'synthetic',
        },
        {
          kind: 'voice',
          id: 'espeak-ng:en-us',
          licence: expect.objectContaining({ id: 'GPL-3.0-or-later', commercial: true }),
          likeness: 'synthetic',
        },
      ],
    });
  });

  it('refuses a real person’s face without consent, naming the presenter', () => {
    expect(refusal([...maria, espeak], false, [])).toMatchObject({
      code: 'CONSENT_REQUIRED',
      kind: 'presenter',
      id: 'maria',
      reason: 'no-consent',
      message:
        'The presenter "Maria Lopez" (maria) shows a real person and has no consent record in this workspace',
    });
  });

  it('accepts a current, matching consent and names it in the report', () => {
    const d = checkRights([...maria, espeak], { commercial: true }, [consent()], NOW);
    expect(d.ok).toBe(true);
    const used = d.ok ? d.report.used.find((u) => u.id === 'maria') : undefined;
    expect(used?.consent).toEqual({
      recordId: 'c-1',
      subject: 'Maria Lopez',
      expiresAt: '2027-01-01T00:00:00.000Z',
      commercial: true,
    });
  });

  it.each([
    ['consent-revoked', { revokedAt: new Date('2026-02-01T00:00:00Z') }],
    ['consent-expired', { expiresAt: new Date('2026-02-28T00:00:00Z') }],
    ['consent-not-yet-valid', { grantedAt: new Date('2026-04-01T00:00:00Z') }],
    ['consent-not-commercial', { scope: { presenterIds: ['maria'], voiceIds: [], commercial: false } }],
    ['no-consent', { scope: { presenterIds: ['other'], voiceIds: ['maria'], commercial: true } }],
  ])('refuses with %s', (reason, over) => {
    expect(refusal(maria, true, [consent(over as Partial<ConsentRecord>)])?.reason).toBe(reason);
  });

  it('lets a non-commercial workspace use non-commercial consent', () => {
    const nc = consent({ scope: { presenterIds: ['maria'], voiceIds: [], commercial: false } });
    expect(refusal(maria, false, [nc])).toBeNull();
  });

  it('needs consent for a cloned voice too', () => {
    const clone = voiceRights({
      provider: 'piper',
      voice: 'maria-clone',
      licence: 'CC-BY-4.0',
      likeness: 'real-person',
    });
    expect(refusal([clone], false, [])).toMatchObject({
      kind: 'voice',
      id: 'piper:maria-clone',
      reason: 'no-consent',
    });
    const voiceConsent = consent({
      scope: { presenterIds: [], voiceIds: ['piper:maria-clone'], commercial: false },
    });
    expect(refusal([clone], false, [voiceConsent])).toBeNull();
  });

  it('refuses the official Wav2Lip weights in a commercial workspace, and allows them otherwise', () => {
    const still = presenterRights({
      id: 'example-still',
      kind: 'wav2lip',
      likeness: 'synthetic',
      licence: 'CC0-1.0',
    });
    expect(still[1].licence).toBe(WAV2LIP_OFFICIAL_WEIGHTS);
    expect(refusal(still, true, [])).toMatchObject({
      code: 'LICENCE_FORBIDS_USE',
      kind: 'model',
      id: 'wav2lip',
      reason: 'licence-non-commercial',
    });
    const d = checkRights(still, { commercial: false }, [], NOW);
    expect(d.ok && d.report.used[1].licence.commercial).toBe(false);
  });

  it('refuses unknown licence terms in a commercial workspace only', () => {
    const piper = voiceRights({ provider: 'piper', voice: 'de_DE-thorsten' });
    expect(refusal([piper], true, [])?.reason).toBe('licence-unknown');
    expect(refusal([piper], false, [])).toBeNull();
  });

  it('checks the presenter before the voice, whatever the order given', () => {
    const piper = voiceRights({ provider: 'piper', voice: 'x' });
    expect(refusal([piper, ...maria], true, [])?.kind).toBe('presenter');
  });

  it('turns a refusal into a stable input error that names the presenter', () => {
    const e = rightsRefusalError(refusal(maria, false, [])!);
    expect(e).toBeInstanceOf(ClipwrightError);
    expect(e.code).toBe(ErrorCode.ConsentRequired);
    expect(e.isInputError).toBe(true);
    expect(e.toJSON()).toMatchObject({
      path: '$.presenter',
      detail: { kind: 'presenter', id: 'maria', reason: 'no-consent' },
    });
  });
});

describe('presenter manifests in models/', () => {
  const manifest = (p: string) =>
    JSON.parse(readFileSync(path.join(__dirname, '../../../../models', p), 'utf8'));

  it('clears the built-in presenters and the generated example for a commercial workspace', () => {
    for (const file of [
      'presenters/ada/presenter.json',
      'presenters/kofi/presenter.json',
      'lipsync/example-still/presenter.json',
    ]) {
      expect(refusal(presenterRights(manifest(file)), true, [])).toBeNull();
    }
  });

  it('treats a photo presenter without declared weights as the official Wav2Lip weights', () => {
    const bare = { ...manifest('lipsync/example-still/presenter.json') };
    delete bare.modelLicence;
    expect(refusal(presenterRights(bare), true, [])).toMatchObject({
      kind: 'model',
      reason: 'licence-non-commercial',
    });
    delete bare.likeness;
    expect(refusal(presenterRights(bare), false, [])).toMatchObject({
      kind: 'presenter',
      reason: 'no-consent',
    });
  });
});

describe('licences', () => {
  it('reads SPDX strings and declared objects', () => {
    expect(parseLicence('MIT', '$.l')).toEqual({ id: 'MIT', commercial: true });
    expect(parseLicence('CC-BY-NC-4.0 (research)', '$.l').commercial).toBe(false);
    expect(
      parseLicence({ id: 'LicenseRef-Vendor', commercial: true, url: 'https://vendor.example/terms' }, '$.l'),
    ).toEqual({
      id: 'LicenseRef-Vendor',
      commercial: true,
      url: 'https://vendor.example/terms',
    });
    expect(() => parseLicence({ id: 'X', commercial: 'yes' }, '$.l')).toThrow('$.l.commercial');
    expect(() => parseLicence('(none)', '$.l')).toThrow('$.l');
  });
});

storeContract('InMemoryRightsStore', async () => ({ store: new InMemoryRightsStore() }));

storeContract('TypeOrmRightsStore on SQLite (migrated)', async () => {
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [ConsentRecordEntity, WorkspaceRightsEntity],
    migrations: [ProvenanceRights1765000000000],
    migrationsRun: true,
  });
  await ds.initialize();
  const pending = await ds.driver.createSchemaBuilder().log();
  expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  return { store: new TypeOrmRightsStore(ds), close: () => ds.destroy() };
});

describe('request bodies', () => {
  const body = {
    subject: 'Maria Lopez',
    scope: { presenterIds: ['maria'], commercial: true },
    grantedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2027-01-01T00:00:00+01:00',
    evidence: { ref: 'asset:0190f3a2-0000-7000-8000-0000000000aa' },
  };

  it('types a consent, dates parsed, missing lists empty', () => {
    expect(parseNewConsent(body)).toEqual({
      subject: 'Maria Lopez',
      scope: { presenterIds: ['maria'], voiceIds: [], commercial: true },
      grantedAt: new Date('2026-01-01T00:00:00Z'),
      expiresAt: new Date('2026-12-31T23:00:00Z'),
      evidence: { ref: 'asset:0190f3a2-0000-7000-8000-0000000000aa' },
    });
  });

  it.each([
    [{ ...body, grantedAt: 'yesterday' }, '$.grantedAt'],
    [{ ...body, scope: { presenterIds: ['maria'] } }, '$.scope.commercial'],
    [{ ...body, scope: { presenterIds: ['ma ria'], commercial: true } }, '$.scope.presenterIds[0]'],
    [{ ...body, evidence: { ref: 'x', sha256: 'zz' } }, '$.evidence.sha256'],
    [{ ...body, extra: true }, '$.extra'],
  ])('names the field at fault', (bad, path) => {
    expect(() => parseNewConsent(bad)).toThrow(path);
  });

  it('checks the workspace settings and their label profile', () => {
    expect(parseRightsSettings(WS, { commercial: true })).toEqual({
      workspaceId: WS,
      commercial: true,
      labelProfile: 'eu',
    });
    expect(
      parseRightsSettings(WS, { commercial: false, labelProfile: 'cn', providerCode: '001ABC' }).providerCode,
    ).toBe('001ABC');
    expect(() => parseRightsSettings(WS, { commercial: true, labelProfile: 'us' })).toThrow('$.labelProfile');
    expect(() => parseRightsSettings(WS, { commercial: true, labelProfile: { id: 'x' } })).toThrow(
      '$.labelProfile.visible',
    );
    expect(() => parseRightsSettings(WS, { commercial: 'yes' })).toThrow('$.commercial');
  });
});

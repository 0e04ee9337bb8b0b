/**
 * The behaviour every RightsStore must have, run against each implementation: in memory and
 * SQLite in the unit tier, PostgreSQL in the medium tier.
 */
import { NewConsent, RightsStore } from './rights.store';

const WS = '0190f3a2-0000-7000-8000-000000000001';
const OTHER_WS = '0190f3a2-0000-7000-8000-000000000002';
const NOW = new Date('2026-03-01T12:00:00Z');

const NEW: NewConsent = {
  subject: 'Maria Lopez',
  scope: { presenterIds: ['maria'], voiceIds: ['piper:maria-clone'], commercial: true },
  grantedAt: new Date('2026-01-01T00:00:00Z'),
  expiresAt: null,
  evidence: { ref: 'asset:0190f3a2-0000-7000-8000-0000000000aa', sha256: 'a'.repeat(64) },
};

export function storeContract(
  name: string,
  make: () => Promise<{ store: RightsStore; close?: () => Promise<void> }>,
) {
  describe(name, () => {
    let store: RightsStore;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ store, close } = await make()));
    afterAll(async () => close?.());

    it('records, lists per workspace and revokes once', async () => {
      const added = await store.addConsent(WS, NEW);
      expect(added).toMatchObject({
        workspaceId: WS,
        subject: 'Maria Lopez',
        revokedAt: null,
        expiresAt: null,
      });
      expect(await store.listConsents(OTHER_WS)).toEqual([]);
      const [listed] = await store.listConsents(WS);
      expect(listed).toEqual(added);
      expect(await store.revokeConsent(OTHER_WS, added.id, NOW)).toBe(false);
      expect(await store.revokeConsent(WS, added.id, NOW)).toBe(true);
      expect(await store.revokeConsent(WS, added.id, NOW)).toBe(false);
      expect(await store.revokeConsent(WS, 'not-a-uuid', NOW)).toBe(false);
      expect((await store.listConsents(WS))[0].revokedAt).toEqual(NOW);
    });

    it('keeps settings per workspace, defaulting to non-commercial eu', async () => {
      expect(await store.settings(OTHER_WS)).toEqual({
        workspaceId: OTHER_WS,
        commercial: false,
        labelProfile: 'eu',
      });
      const custom = { id: 'x', visible: null, spoken: null, implicit: { aigc: true } };
      await store.saveSettings({
        workspaceId: WS,
        commercial: true,
        labelProfile: custom,
        providerCode: '001ABC',
      });
      expect(await store.settings(WS)).toEqual({
        workspaceId: WS,
        commercial: true,
        labelProfile: custom,
        providerCode: '001ABC',
      });
      expect((await store.settings(OTHER_WS)).commercial).toBe(false);
    });

    it('refuses a consent that names nobody or has a bad digest', async () => {
      await expect(
        store.addConsent(WS, { ...NEW, scope: { presenterIds: [], voiceIds: [], commercial: false } }),
      ).rejects.toThrow('$.scope');
      await expect(store.addConsent(WS, { ...NEW, evidence: { ref: 'x', sha256: 'ABC' } })).rejects.toThrow(
        '$.evidence.sha256',
      );
      await expect(
        store.addConsent(WS, { ...NEW, expiresAt: new Date('2025-01-01T00:00:00Z') }),
      ).rejects.toThrow('$.expiresAt');
    });
  });
}

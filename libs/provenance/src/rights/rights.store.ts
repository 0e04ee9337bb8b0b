import { randomUUID } from 'node:crypto';
import { ClipwrightError, ErrorCode } from '@app/core';
import { ConsentRecord, WorkspaceRightsSettings } from './rights.types';

/** What a caller sends to record a consent; ids and dates are the store's. */
export type NewConsent = Omit<ConsentRecord, 'id' | 'workspaceId' | 'revokedAt' | 'createdAt'>;

/**
 * The consent ledger and the workspaces' rights settings, always scoped by workspace: no method
 * reads or changes another workspace's rows. Records are never deleted, only revoked, so what a past
 * job relied on stays on file.
 */
export interface RightsStore {
  /** The workspace's settings; a workspace never configured is non-commercial with the `eu` profile. */
  settings(workspaceId: string): Promise<WorkspaceRightsSettings>;
  saveSettings(settings: WorkspaceRightsSettings): Promise<void>;
  addConsent(workspaceId: string, consent: NewConsent): Promise<ConsentRecord>;
  /** All of the workspace's records, revoked and expired ones included, oldest first. */
  listConsents(workspaceId: string): Promise<ConsentRecord[]>;
  /** Marks a record revoked at `at`; false when the workspace has no such record or it was revoked already. */
  revokeConsent(workspaceId: string, id: string, at: Date): Promise<boolean>;
}

export function defaultSettings(workspaceId: string): WorkspaceRightsSettings {
  return { workspaceId, commercial: false, labelProfile: 'eu' };
}

/**
 * Checks a new consent before it is stored.
 * @throws ClipwrightError INVALID_ARGUMENT naming the field at fault.
 */
export function checkNewConsent(consent: NewConsent): void {
  const fail = (path: string, message: string) => {
    throw new ClipwrightError(ErrorCode.InvalidArgument, `${path} ${message}`, { path });
  };
  if (!consent.subject.trim() || consent.subject.length > 200)
    fail('$.subject', 'must be 1 to 200 characters');
  if (consent.scope.presenterIds.length + consent.scope.voiceIds.length === 0) {
    fail('$.scope', 'must name at least one presenter or voice');
  }
  for (const [key, ids] of Object.entries({
    presenterIds: consent.scope.presenterIds,
    voiceIds: consent.scope.voiceIds,
  })) {
    ids.forEach((id, i) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$/.test(id))
        fail(`$.scope.${key}[${i}]`, `"${id}" is not an id`);
    });
  }
  if (Number.isNaN(consent.grantedAt.getTime())) fail('$.grantedAt', 'is not a date');
  if (consent.expiresAt && !(consent.expiresAt > consent.grantedAt))
    fail('$.expiresAt', 'must be after grantedAt');
  if (!consent.evidence.ref.trim() || consent.evidence.ref.length > 500)
    fail('$.evidence.ref', 'must be 1 to 500 characters');
  if (consent.evidence.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(consent.evidence.sha256)) {
    fail('$.evidence.sha256', 'must be 64 lowercase hex digits');
  }
}

/** The in-memory store: unit tests and single-run CLI use. */
export class InMemoryRightsStore implements RightsStore {
  private readonly records: ConsentRecord[] = [];
  private readonly settingsByWorkspace = new Map<string, WorkspaceRightsSettings>();

  async settings(workspaceId: string): Promise<WorkspaceRightsSettings> {
    return structuredClone(this.settingsByWorkspace.get(workspaceId) ?? defaultSettings(workspaceId));
  }

  async saveSettings(settings: WorkspaceRightsSettings): Promise<void> {
    this.settingsByWorkspace.set(settings.workspaceId, structuredClone(settings));
  }

  async addConsent(workspaceId: string, consent: NewConsent): Promise<ConsentRecord> {
    checkNewConsent(consent);
    const record: ConsentRecord = {
      ...structuredClone(consent),
      id: randomUUID(),
      workspaceId,
      revokedAt: null,
      createdAt: new Date(),
    };
    this.records.push(record);
    return structuredClone(record);
  }

  async listConsents(workspaceId: string): Promise<ConsentRecord[]> {
    return this.records.filter((r) => r.workspaceId === workspaceId).map((r) => structuredClone(r));
  }

  async revokeConsent(workspaceId: string, id: string, at: Date): Promise<boolean> {
    const record = this.records.find((r) => r.workspaceId === workspaceId && r.id === id);
    if (!record || record.revokedAt) return false;
    record.revokedAt = at;
    return true;
  }
}

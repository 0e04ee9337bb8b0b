import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Repository } from 'typeorm';
import { UUID_PATTERN } from '@app/core';
import { checkNewConsent, defaultSettings, NewConsent, RightsStore } from '../rights.store';
import { ConsentRecord, WorkspaceRightsSettings } from '../rights.types';
import { ConsentRecordEntity } from './consent-record.entity';
import { WorkspaceRightsEntity } from './workspace-rights.entity';

function toRecord(row: ConsentRecordEntity): ConsentRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    subject: row.subject,
    scope: { presenterIds: row.presenterIds, voiceIds: row.voiceIds, commercial: row.commercial },
    grantedAt: new Date(row.grantedAt),
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt),
    revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
    evidence: { ref: row.evidenceRef, ...(row.evidenceSha256 ? { sha256: row.evidenceSha256 } : {}) },
    createdAt: new Date(row.createdAt),
  };
}

/** The rights store on the service's database (SQLite embedded, PostgreSQL served). */
export class TypeOrmRightsStore implements RightsStore {
  private readonly consents: Repository<ConsentRecordEntity>;
  private readonly workspaces: Repository<WorkspaceRightsEntity>;

  constructor(ds: DataSource) {
    this.consents = ds.getRepository(ConsentRecordEntity);
    this.workspaces = ds.getRepository(WorkspaceRightsEntity);
  }

  async settings(workspaceId: string): Promise<WorkspaceRightsSettings> {
    const row = await this.workspaces.findOneBy({ workspaceId });
    if (!row) return defaultSettings(workspaceId);
    return {
      workspaceId,
      commercial: row.commercial,
      labelProfile: row.labelProfile,
      ...(row.providerCode ? { providerCode: row.providerCode } : {}),
    };
  }

  async saveSettings(settings: WorkspaceRightsSettings): Promise<void> {
    await this.workspaces.save({
      workspaceId: settings.workspaceId,
      commercial: settings.commercial,
      labelProfile: settings.labelProfile,
      providerCode: settings.providerCode ?? null,
      updatedAt: new Date(),
    });
  }

  async addConsent(workspaceId: string, consent: NewConsent): Promise<ConsentRecord> {
    checkNewConsent(consent);
    const row = this.consents.create({
      id: randomUUID(),
      workspaceId,
      subject: consent.subject,
      presenterIds: consent.scope.presenterIds,
      voiceIds: consent.scope.voiceIds,
      commercial: consent.scope.commercial,
      grantedAt: consent.grantedAt,
      expiresAt: consent.expiresAt,
      revokedAt: null,
      evidenceRef: consent.evidence.ref,
      evidenceSha256: consent.evidence.sha256 ?? null,
      createdAt: new Date(),
    });
    await this.consents.insert(row);
    return toRecord(row);
  }

  async listConsents(workspaceId: string): Promise<ConsentRecord[]> {
    const rows = await this.consents.find({ where: { workspaceId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toRecord);
  }

  async revokeConsent(workspaceId: string, id: string, at: Date): Promise<boolean> {
    // PostgreSQL answers a malformed uuid with an error, not "no row".
    if (!UUID_PATTERN.test(id)) return false;
    // One guarded UPDATE: two revocations racing cannot both report success.
    const result = await this.consents.update({ workspaceId, id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }
}

import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * `IDX_job_state_updated` on job (state, updatedAt): the reconciler asks, across workspaces, for
 * queued and active jobs untouched for a while (issue 17: jobs accepted while Redis was down, or
 * lost with it). The workspace-first index cannot serve a question that names no workspace.
 */
export class JobStateUpdatedIndex1764300000000 implements MigrationInterface {
  name = 'JobStateUpdatedIndex1764300000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'job',
      new TableIndex({ name: 'IDX_job_state_updated', columnNames: ['state', 'updatedAt'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('job', 'IDX_job_state_updated');
  }
}

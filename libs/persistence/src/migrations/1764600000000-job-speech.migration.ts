import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * `job.speech`: what a job asks of the voice besides its template (issue 11): a pronunciation
 * lexicon and a recorded voice-over (`asset:<id>`). Null for every job made before, which read as
 * they always did.
 */
export class JobSpeech1764600000000 implements MigrationInterface {
  name = 'JobSpeech1764600000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('job', new TableColumn({ name: 'speech', type: 'text', isNullable: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('job', 'speech');
  }
}

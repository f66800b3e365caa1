// Why a change was made, kept with it in the audit trail: the supervisor's reason for a 退回, which
// the official asks for later (「为什么退回了」) and sees in 预览 and 进度.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, isMysql } from './columns.ts';

/** cell_changes.note. */
export class ChangeNotes1797500000000 implements MigrationInterface {
  name = 'ChangeNotes1797500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('cell_changes', new TableColumn(columns(isMysql(queryRunner)).text('note', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('cell_changes', 'note');
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One year's working calendar as an admin set it (`nianbao calendar set`): it replaces the built-in notice of that year, if any. */
@Entity('calendar_years')
export class CalendarYearRow {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  /** JSON array of YYYY-MM-DD: the days off that break the weekday rule. */
  @Column({ type: 'text' })
  holidays!: string;

  /** JSON array of YYYY-MM-DD: the weekend days worked (调休). */
  @Column({ type: 'text' })
  workdays!: string;

  /** Where it came from: the file's name and the text as given. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

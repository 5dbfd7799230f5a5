import { describe, expect, it } from 'vitest';
import { ScheduleTable, type Fire } from './scheduleTable.js';

const at = (time: string) => new Date(`2026-05-04T${time}Z`);
const fires = (due: Fire[]) => due.map((fire) => `${fire.flowId}@${fire.at.toISOString().slice(11, 23)}`);
const GRACE = 60_000;

describe('ScheduleTable', () => {
  it('should not replay fires from before the flow was first read', () => {
    const table = new ScheduleTable('UTC', GRACE);
    table.sync([{ id: 'a', cronExpression: '*/2 * * * * *' }], at('10:00:05.000'));
    expect(fires(table.takeDue(at('10:00:05.000')).due)).toEqual([]);
    expect(fires(table.takeDue(at('10:00:08.000')).due)).toEqual(['a@10:00:06.000', 'a@10:00:08.000']);
  });

  it('should answer each fire once, however often it is asked', () => {
    const table = new ScheduleTable('UTC', GRACE);
    table.sync([{ id: 'a', cronExpression: '*/2 * * * * *' }], at('10:00:00.500'));
    expect(fires(table.takeDue(at('10:00:02.000')).due)).toEqual(['a@10:00:02.000']);
    expect(fires(table.takeDue(at('10:00:02.000')).due)).toEqual([]);
    expect(fires(table.takeDue(at('10:00:03.999')).due)).toEqual([]);
    expect(fires(table.takeDue(at('10:00:04.001')).due)).toEqual(['a@10:00:04.000']);
  });

  it('should keep the position of an unchanged schedule across refreshes', () => {
    const table = new ScheduleTable('UTC', GRACE);
    const flows = [{ id: 'a', cronExpression: '*/2 * * * * *' }];
    table.sync(flows, at('10:00:00.500'));
    table.sync(flows, at('10:00:03.000'));
    expect(fires(table.takeDue(at('10:00:03.000')).due)).toEqual(['a@10:00:02.000']);
  });

  it('should restart counting at the refresh when the expression changed', () => {
    const table = new ScheduleTable('UTC', GRACE);
    table.sync([{ id: 'a', cronExpression: '*/2 * * * * *' }], at('10:00:00.500'));
    table.sync([{ id: 'a', cronExpression: '*/5 * * * * *' }], at('10:00:03.000'));
    expect(fires(table.takeDue(at('10:00:06.000')).due)).toEqual(['a@10:00:05.000']);
  });

  it('should forget a flow that is no longer scheduled', () => {
    const table = new ScheduleTable('UTC', GRACE);
    table.sync([{ id: 'a', cronExpression: '* * * * * *' }, { id: 'b', cronExpression: '* * * * * *' }], at('10:00:00.500'));
    table.sync([{ id: 'b', cronExpression: '* * * * * *' }], at('10:00:00.600'));
    expect(table.size).toBe(1);
    expect(fires(table.takeDue(at('10:00:01.000')).due)).toEqual(['b@10:00:01.000']);
  });

  it('should drop fires older than the grace and name the flow that lost them', () => {
    const table = new ScheduleTable('UTC', 3_000);
    table.sync([{ id: 'a', cronExpression: '* * * * * *' }, { id: 'b', cronExpression: '0 0 * * * *' }], at('10:00:00.500'));
    const { due, dropped } = table.takeDue(at('10:00:10.000'));
    expect(fires(due)).toEqual(['a@10:00:08.000', 'a@10:00:09.000', 'a@10:00:10.000']);
    expect(dropped).toEqual(['a']);
  });

  it('should leave out a flow whose expression cannot be read, and report it', () => {
    const table = new ScheduleTable('UTC', GRACE);
    const rejected = table.sync([{ id: 'bad', cronExpression: '61 * * * *' }, { id: 'a', cronExpression: '0 * * * *' }], at('10:00:00.000'));
    expect(rejected.map(({ flow }) => flow.id)).toEqual(['bad']);
    expect(table.size).toBe(1);
  });

  it('should wake at the earliest next fire of any flow, or never without flows', () => {
    const table = new ScheduleTable('UTC', GRACE);
    expect(table.nextWake()).toBeUndefined();
    table.sync([{ id: 'a', cronExpression: '*/10 * * * * *' }, { id: 'b', cronExpression: '*/3 * * * * *' }], at('10:00:01.000'));
    expect(table.nextWake()?.toISOString()).toBe('2026-05-04T10:00:03.000Z');
  });

  it('should read the expressions in its time zone', () => {
    const table = new ScheduleTable('Europe/Paris', GRACE);
    table.sync([{ id: 'a', cronExpression: '0 12 * * *' }], at('00:00:00.000'));
    // Noon in Paris in May (UTC+2).
    expect(table.nextWake()?.toISOString()).toBe('2026-05-04T10:00:00.000Z');
  });
});

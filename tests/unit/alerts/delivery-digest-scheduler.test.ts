import cron, { type ScheduledTask, type TaskOptions } from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyCronExpression, DigestScheduler, type CreateCronTask } from '../../../src/alerts/digest/digest-scheduler.js';
import { capturingLog } from '../messaging/delivery-harness.js';

/** node-cron's task, but fired by the test. */
function fakeCron(): { create: CreateCronTask; created: Array<{ expression: string; options: TaskOptions; fire: () => Promise<void>; destroyed: boolean }> } {
  const created: Array<{ expression: string; options: TaskOptions; fire: () => Promise<void>; destroyed: boolean }> = [];
  const create: CreateCronTask = (expression, run, options) => {
    const entry = { expression, options, fire: run, destroyed: false };
    created.push(entry);
    return {
      start: () => undefined,
      destroy: () => {
        entry.destroyed = true;
      },
      getNextRun: () => null,
    } as unknown as ScheduledTask;
  };
  return { create, created };
}

const realTasks: ScheduledTask[] = [];
afterEach(async () => {
  for (const task of realTasks.splice(0)) await task.destroy();
});

describe('the daily digest schedule', () => {
  it('turns digest.time into a daily cron expression', () => {
    expect(dailyCronExpression('08:00')).toBe('0 8 * * *');
    expect(dailyCronExpression('23:05')).toBe('5 23 * * *');
  });

  it('runs the digest at the configured time in the configured zone, and a failure does not end the schedule', async () => {
    const { create, created } = fakeCron();
    const { log, lines, messages } = capturingLog();
    let runs = 0;
    const scheduler = new DigestScheduler({
      enabled: true, time: '07:30', timeZone: 'Europe/Berlin', log, createTask: create,
      send: () => {
        runs++;
        return runs === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve();
      },
    });
    await scheduler.start();
    expect(created.map((c) => [c.expression, c.options.timezone, c.options.noOverlap])).toEqual([['30 7 * * *', 'Europe/Berlin', true]]);
    // The configured time has its own key: pino's `time` stays the line's timestamp (one `time` key, a number).
    const scheduled = lines.find((line) => line.includes('daily digest scheduled')) ?? '';
    expect(scheduled.match(/"time":/g)).toHaveLength(1);
    const parsed = JSON.parse(scheduled) as { time: unknown; at: unknown };
    expect(typeof parsed.time).toBe('number');
    expect(parsed.at).toBe('07:30');
    await created[0]?.fire();
    await created[0]?.fire();
    expect(runs).toBe(2);
    expect(messages()).toEqual(expect.arrayContaining(['daily digest failed', 'daily digest queued']));
    await scheduler.stop();
    expect(created[0]?.destroyed).toBe(true);
  });

  it('logs the digest time under its own key, so the log line keeps a single timestamp', async () => {
    const { create } = fakeCron();
    const { log, lines } = capturingLog();
    const scheduler = new DigestScheduler({ enabled: true, time: '08:00', timeZone: 'UTC', log, createTask: create, send: () => Promise.resolve() });
    await scheduler.start();
    const line = lines.find((l) => l.includes('daily digest scheduled')) ?? '';
    expect(line.match(/"time":/g)).toHaveLength(1);
    const parsed = JSON.parse(line) as { time: unknown; at: unknown };
    expect(typeof parsed.time).toBe('number');
    expect(parsed.at).toBe('08:00');
    await scheduler.stop();
  });

  it('schedules nothing when digest.enabled is false', async () => {
    const { create, created } = fakeCron();
    const scheduler = new DigestScheduler({ enabled: false, time: '08:00', timeZone: 'UTC', log: capturingLog().log, createTask: create, send: () => Promise.resolve() });
    await scheduler.start();
    expect(created).toEqual([]);
    expect(scheduler.nextRun).toBeNull();
    await scheduler.stop();
  });

  it('with node-cron itself, next fires at 08:00 local time in the zone', async () => {
    const scheduler = new DigestScheduler({
      enabled: true, time: '08:00', timeZone: 'America/New_York', log: capturingLog().log, send: () => Promise.resolve(),
      createTask: (expression, run, options) => {
        const task = cron.createTask(expression, run, options);
        realTasks.push(task);
        return task;
      },
    });
    await scheduler.start();
    const next = scheduler.nextRun;
    expect(next).not.toBeNull();
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(next ?? 0);
    expect(local).toBe('08:00');
    await scheduler.stop();
    expect(scheduler.nextRun).toBeNull();
  });
});

import test from 'ava';
import { createCoalescer } from '../../src/bot/coalesce.ts';

test('asked again while it runs, the work runs once more, never twice at once; other keys run alongside', async (t) => {
  const runs = createCoalescer();
  let active = 0;
  let most = 0;
  let count = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const work = async () => {
    active++;
    most = Math.max(most, active);
    count++;
    if (count === 1) await gate;
    active--;
  };
  const first = runs.run('u1', work);
  const second = runs.run('u1', work);
  const third = runs.run('u1', work);
  let other = false;
  await runs.run('u2', async () => void (other = true));
  t.true(other, 'another key is not held up');
  release();
  await Promise.all([first, second, third]);
  t.is(count, 2, 'the two asks during the first run make one more run');
  t.is(most, 1);
  await runs.idle();
});

// The service with only the 智能机器人 configured, in a process of its own, for the lease tests:
// argv = databaseUrl, the fake's ws URL, botId, secret. Prints a JSON line {state, holder} each
// time its connection's state or its holding of the lease changes (the first once started); short
// lease and beat, real timers.
import { startService } from '../../src/service.ts';

const [databaseUrl, wsUrl, botId, secret] = process.argv.slice(2);
let last = '';
const report = ({ state, holder }: { state: string; holder: boolean }) => {
  const line = JSON.stringify({ state, holder });
  if (line !== last) process.stdout.write(`${line}\n`);
  last = line;
};
const service = await startService({ databaseUrl, port: 0, role: 'web', sendHours: { from: '09:00', to: '18:00' }, aibot: { botId, secret, wsUrl } }, {
  tick: false, log: (line) => process.stderr.write(`${line}\n`),
  aibot: {
    leaseMs: 600, leaseBeatMs: 150, socket: { backoffMs: () => 100 },
    onStatus: report,
  },
});
report(service.aibot!.status());

import { registry } from '../generated/registry.js';
import { startTestBot } from '../runtime/testing/bot.js';
const t = await startTestBot(registry, { instance: { cogs: ['general'] } , world: (sim) => { (globalThis as any).g = sim.createGuild({ name: 'G' }); (globalThis as any).m = sim.createMember((globalThis as any).g, { username: 'x' }); } });
const g = (globalThis as any).g, m = (globalThis as any).m;
const N = Number(process.env.N ?? 3000);
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < N; i += 20) {
  await Promise.all(Array.from({ length: 20 }, async () => { const s = await t.sim.say(g.general, m, '!ping'); await t.sim.waitForMessage({ after: s, from: 'bot', channelId: g.general }); }));
}
const c = process.cpuUsage(c0);
console.log('per msg ms', (performance.now() - t0) / N, 'cpu us', (c.user + c.system) / N);
await t.stop();
process.exit(0);

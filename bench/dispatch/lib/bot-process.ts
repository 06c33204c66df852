/**
 * The bot side of the dispatch benchmark, run as a child process (`vite-node bench/dispatch/lib/bot-process.ts`
 * with an IPC channel) so that its CPU time is its own: the simulator and the load live in the parent.
 * Protocol: protocol.ts. Started without an IPC channel, it refuses to run.
 */
import { performance } from 'node:perf_hooks';
import { ChildOp, ParentOp, type ChildMessage, type ParentMessage } from './protocol.js';
import { startVariant, type RunningVariant } from './variants.js';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function fail(error: unknown): void {
  void send({ op: ChildOp.Failed, message: error instanceof Error ? error.message : String(error) });
}

if (!process.send) {
  process.stderr.write("bot-process.ts is the dispatch benchmark's child; run bench/dispatch/dispatch.ts instead.\n");
  process.exit(2);
}

let running: RunningVariant | undefined;
let exiting = false;
// Ops run one after another: a Disconnect must not overtake the Connect before it.
let queue: Promise<void> = Promise.resolve();

async function disconnect(): Promise<void> {
  const bot = running;
  running = undefined;
  await bot?.stop();
}

async function exit(): Promise<never> {
  exiting = true;
  await disconnect().catch(fail);
  process.disconnect?.();
  process.exit(0);
}

async function handle(message: ParentMessage): Promise<void> {
  switch (message.op) {
    case ParentOp.Connect: {
      if (running) throw new Error(`a ${running.variant} bot is already connected`);
      const began = performance.now();
      running = await startVariant(message);
      await send({ op: ChildOp.Connected, variant: running.variant, connectMs: performance.now() - began });
      return;
    }
    case ParentOp.Disconnect:
      await disconnect();
      await send({ op: ChildOp.Disconnected });
      return;
    case ParentOp.MeasureCpu: {
      const usage = process.cpuUsage();
      await send({ op: ChildOp.CpuUsage, id: message.id, userMicros: usage.user, systemMicros: usage.system });
      return;
    }
    case ParentOp.Exit:
      await exit();
  }
}

process.on('message', (raw) => {
  const message = raw as ParentMessage;
  // CPU samples are answered at once, not behind a slow connect, so they bracket the measured work tightly.
  if (message.op === ParentOp.MeasureCpu) return void handle(message).catch(fail);
  queue = queue.then(() => handle(message)).catch(fail);
});

// The parent went away (crashed or was killed): do not linger as an orphan.
process.on('disconnect', () => {
  if (!exiting) void exit();
});
process.on('unhandledRejection', fail);

/**
 * Messages between the benchmark (parent: simulator + load) and a bot process (child: one variant at a
 * time), over Node's IPC channel: an op enum plus a discriminated union of payloads, one per direction.
 * A child lives for the whole benchmark and connects and disconnects its bot once per measured segment, so
 * its JIT stays warm while the variants take turns on the simulator (which has one bot account).
 */

/** The two ways of answering a command that the benchmark compares. */
export type Variant = 'bare' | 'cogsmith';

/**
 * What the bots answer: `ping` (the general cog's `!ping`, no options), or `give`
 * (`!give <member> <amount> [reason...]`: three converted options, a guild-only check and a cooldown; lib/give.ts).
 */
export type Scenario = 'ping' | 'give';

export const SCENARIOS: readonly Scenario[] = ['ping', 'give'];

/** Ops the parent sends. */
export enum ParentOp {
  /** Build a fresh client (or Bot) of the variant and log in to the simulator; answered by Connected. */
  Connect = 'connect',
  /** Disconnect the bot cleanly; answered by Disconnected. */
  Disconnect = 'disconnect',
  /** Answered by CpuUsage with this process's CPU time so far. */
  MeasureCpu = 'measureCpu',
  /** Disconnect if connected, then exit. */
  Exit = 'exit',
}

/** Ops the child sends. */
export enum ChildOp {
  Connected = 'connected',
  Disconnected = 'disconnected',
  CpuUsage = 'cpuUsage',
  /** Something went wrong in the child; the message says what. */
  Failed = 'failed',
}

export interface ConnectPayload {
  op: ParentOp.Connect;
  variant: Variant;
  /** Absent: `ping`. */
  scenario?: Scenario;
  /** The simulator's REST base, `http://127.0.0.1:PORT/api`. */
  apiUrl: string;
  token: string;
  /** Gateway intents as bits; both variants identify with the same ones. */
  intents: number;
}

export type ParentMessage = ConnectPayload | { op: ParentOp.Disconnect } | { op: ParentOp.MeasureCpu; id: number } | { op: ParentOp.Exit };

export type ChildMessage =
  | { op: ChildOp.Connected; variant: Variant; connectMs: number }
  | { op: ChildOp.Disconnected }
  | { op: ChildOp.CpuUsage; id: number; userMicros: number; systemMicros: number }
  | { op: ChildOp.Failed; message: string };

/**
 * Vitest glue: `useSimulator()` gives each test a fresh simulator and stops it (and its clients) after the
 * test; it also fails the test when the simulator itself hit an internal error or a promise rejection went
 * unhandled during it. Only tests import this file (runtime/testing/vitest.ts), so runtime code never loads
 * vitest.
 */
import { afterEach, beforeEach } from 'vitest';
import { Simulator, type SimulatorOptions } from './simulator.js';

export interface SimulatorFixture {
  /** The current test's simulator (throws outside a test). */
  readonly sim: Simulator;
}

/** Registers before/after hooks that start and stop a simulator around every test in the file. */
export function useSimulator(options: SimulatorOptions = {}): SimulatorFixture {
  let current: Simulator | null = null;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeEach(async () => {
    rejections.length = 0;
    process.on('unhandledRejection', onRejection);
    current = await Simulator.start(options);
  });
  afterEach(async () => {
    const sim = current;
    current = null;
    try {
      await sim?.stop();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    if (sim && sim.internalErrors.length > 0) {
      throw new AggregateError(sim.internalErrors, `The simulator failed internally ${sim.internalErrors.length} time(s): ${sim.internalErrors.map(String).join('; ')}`);
    }
    if (rejections.length > 0) throw new AggregateError(rejections, `Unhandled promise rejection(s) during the test: ${rejections.map(String).join('; ')}`);
  });
  return {
    get sim(): Simulator {
      if (!current) throw new Error('useSimulator: the simulator exists only while a test runs');
      return current;
    },
  };
}

/**
 * Type-checks one cog's code before `npm run dev` reloads it, so a handler that no longer fits its generated
 * types is reported (as `file:line:col TSnnnn message`) and the running version kept. The checking happens
 * in a worker thread (typecheck-worker.mjs) that keeps one TypeScript program and re-reads changed files:
 * the first check takes a few seconds, later ones a fraction of one, and the bot keeps answering meanwhile.
 */
import { Worker } from 'node:worker_threads';

export class CogTypeChecker {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(problems: string[]): void; reject(error: Error): void }>();

  constructor(private readonly root: string) {}

  /** The cog's type errors (empty: it compiles). */
  check(cog: string): Promise<string[]> {
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, root: this.root, cog });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./typecheck-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (answer: { id: number; problems?: string[]; error?: string }) => {
      const waiting = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (answer.error !== undefined) waiting?.reject(new Error(`Type-checking failed: ${answer.error}`));
      else waiting?.resolve(answer.problems ?? []);
    });
    worker.on('error', (error) => {
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
      this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }
}

/**
 * The sandbox's terminal: reads lines (with a prompt and history on a TTY; plain lines when input is
 * piped), hands them to the Sandbox one at a time, and prints the chat and the bot's log lines without
 * breaking the line being typed. When piped input ends, it waits for the bot's pending replies first.
 */
import { createInterface, clearLine, cursorTo, type Interface } from 'node:readline';
import type { LogSink } from '../logging.js';
import { redact } from '../logging.js';
import { formatLogRecord } from '../logging/pretty.js';
import type { Sandbox } from './session.js';

export interface ChatTerminalOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Secrets to scrub from every printed line (the simulator's token); read at print time. */
  secrets: () => string[];
}

/** Prints chat lines and log records, and runs the read loop. */
export class ChatTerminal {
  readonly interactive: boolean;
  private rl: Interface | null = null;

  constructor(private readonly options: ChatTerminalOptions) {
    this.interactive = Boolean(options.input.isTTY && options.output.isTTY);
  }

  /** Prints lines above the prompt, keeping what the person is typing. */
  print(lines: string[]): void {
    const text = redact(lines.join('\n'), this.options.secrets()) + '\n';
    const { output } = this.options;
    if (this.rl && this.interactive) {
      cursorTo(output, 0);
      clearLine(output, 0);
      output.write(text);
      this.rl.prompt(true);
    } else {
      output.write(text);
    }
  }

  /** A log sink writing through the chat, so log lines and the prompt do not overwrite each other. */
  readonly logSink: LogSink = (record) => this.print(formatLogRecord(record));

  /** Reads lines until input ends, `:quit`, or Ctrl+C / Ctrl+D; resolves once every line was handled. */
  run(sandbox: Sandbox): Promise<void> {
    const { interactive } = this;
    const rl = createInterface({
      input: this.options.input,
      output: interactive ? this.options.output : undefined,
      terminal: interactive,
      prompt: sandbox.prompt,
      historySize: 200,
    });
    this.rl = rl;
    return new Promise<void>((resolve) => {
      let chain = Promise.resolve();
      let quitting = false;
      rl.on('line', (line) => {
        chain = chain.then(async () => {
          if (quitting) return;
          const outcome = await sandbox.handle(line);
          // Piped input: wait for the answers to each line, so the output reads as a conversation.
          if (!interactive) await sandbox.settle();
          if (outcome === 'quit') {
            quitting = true;
            rl.close();
          } else if (interactive) {
            rl.setPrompt(sandbox.prompt);
            rl.prompt();
          }
        });
      });
      // Ctrl+C at the prompt leaves like Ctrl+D (readline takes it from the process while it reads a TTY).
      rl.on('SIGINT', () => rl.close());
      rl.on('close', () => {
        void chain.then(async () => {
          this.rl = null;
          if (interactive) this.options.output.write('\n');
          resolve();
        });
      });
      if (interactive) rl.prompt();
    });
  }
}

/**
 * The entry of a benchmark file: parse the command line (a bad flag prints its message and exits 2),
 * `--help` prints the usage, else run; a failure prints `<name> benchmark failed: ...` and exits 1.
 */
export function runBenchmarkEntry<O extends { help: boolean }>(name: string, usage: string, parse: (argv: readonly string[]) => O, run: (options: O) => Promise<unknown>, isUsageError: (error: unknown) => boolean = () => true): void {
  const main = async () => {
    let options: O;
    try {
      options = parse(process.argv.slice(2));
    } catch (error) {
      if (!isUsageError(error)) throw error;
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    if (options.help) return void console.log(usage);
    await run(options);
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${name} benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

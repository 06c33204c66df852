/**
 * `npm run migrations -- status`: per cog, the stored schema version, the applied and the pending config
 * migrations. `npm run migrations -- run [--dry-run]`: applies the pending ones (what a bot start would do),
 * or with `--dry-run` prints what each would change (its steps and the documents each touches) and writes
 * nothing.
 *
 * The storage is the one `npm start` uses: `storage:` of the instance file (`--config <file>`, else
 * COGSMITH_CONFIG, else bot.config.yaml); `--sandbox` works on the sandbox's data instead. The json driver
 * keeps its folder to one process, so stop the bot first (the command says so when the folder is in use).
 * Exit codes: 0 done, 1 a migration failed or history was edited (nothing of that cog written), 2 usage.
 */
import type { CogRegistry } from '../cogs/module.js';
import type { Migration } from '../contract/migrations.js';
import type { ConfigDriver, Namespace } from '../drivers/types.js';
import { InstanceConfigError, type InstanceConfig } from '../instance/config.js';
import { createStorageDriver } from '../instance/storage.js';
import { createLogger } from '../logging.js';
import { describeStep, migrateNamespace, migrationLabel, migrationStatus, typeMismatches, type MigrateResult } from '../migrations/index.js';
import { sandboxStorage } from '../sandbox/session.js';
import { loadInstance, loadRegistry, setUpLogging, type EntryContext } from './start.js';

const USAGE = `usage: migrations status [--config <file>] [--sandbox]
       migrations run [--dry-run] [--config <file>] [--sandbox]`;

interface Args {
  command: 'status' | 'run';
  dryRun: boolean;
  sandbox: boolean;
  config?: string;
}

/** Parses the command line; throws with the usage on anything wrong. */
export function parseMigrationArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'status' && command !== 'run') throw new Error(`${command === undefined ? 'missing command' : `unknown command "${command}"`}\n${USAGE}`);
  const args: Args = { command, dryRun: false, sandbox: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--dry-run' && command === 'run') args.dryRun = true;
    else if (arg === '--sandbox') args.sandbox = true;
    else if (arg === '--config' && rest[i + 1] !== undefined) args.config = rest[++i];
    else if (arg.startsWith('--config=')) args.config = arg.slice('--config='.length);
    else throw new Error(`unknown argument "${arg}" for ${command}\n${USAGE}`);
  }
  return args;
}

export interface MigrationCommandIo {
  out(line: string): void;
  err(line: string): void;
}

const when = (at: number) => new Date(at).toISOString();
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

async function migrationsOf(registry: CogRegistry, cog: string): Promise<readonly Migration[]> {
  const entry = registry[cog]!;
  return entry.migrations ? (await entry.migrations()).migrations : [];
}

function printRun(io: MigrationCommandIo, result: MigrateResult): void {
  const verb = result.dryRun ? 'would apply' : 'applied';
  io.out(`${result.cog}: ${verb} ${plural(result.migrations.length, 'migration')} (schema version ${result.from} → ${result.to})`);
  for (const { migration, steps } of result.migrations) {
    io.out(`  ${migrationLabel(migration)}`);
    for (const { step, documents } of steps) io.out(`    ${describeStep(step)}: ${plural(documents, 'document')}`);
  }
}

/** Runs `status` or `run` on an open driver over the registry's cogs; returns the exit code. */
export async function migrationCommand(args: Args, registry: CogRegistry, driver: ConfigDriver, io: MigrationCommandIo): Promise<number> {
  let failed = 0;
  for (const cog of Object.keys(registry).sort()) {
    const spec = registry[cog]!.spec;
    const ns: Namespace = { cogName: spec.name, identifier: String(spec.identifier) };
    let migrations: readonly Migration[];
    try {
      migrations = await migrationsOf(registry, cog);
    } catch (error) {
      io.err(`${cog}: importing its migrations failed: ${(error as Error).message}`);
      failed++;
      continue;
    }
    if (args.command === 'status') {
      const status = await migrationStatus(driver, ns, migrations);
      if (migrations.length === 0 && status.applied.length === 0) {
        io.out(`${cog}: no migrations`);
        continue;
      }
      io.out(`${cog}: schema version ${status.version}, ${plural(status.applied.length, 'applied migration')}, ${status.problem ? 'pending unknown' : `${status.pending.length} pending`}`);
      for (const a of status.applied) io.out(`  applied  ${migrationLabel(a)}  ${when(a.at)}`);
      for (const m of status.pending) io.out(`  pending  ${migrationLabel(m)}`);
      if (status.problem) {
        io.err(`${cog}: ${status.problem}`);
        failed++;
      }
      continue;
    }
    if (migrations.length === 0) continue;
    try {
      const result = await migrateNamespace({ driver, namespace: ns, migrations, dryRun: args.dryRun, check: (data) => typeMismatches(spec.config, data) });
      if (result.migrations.length === 0) io.out(`${cog}: up to date (schema version ${result.to})`);
      else printRun(io, result);
    } catch (error) {
      io.err((error as Error).message);
      failed++;
    }
  }
  if (args.command === 'run' && args.dryRun) io.out('Dry run: nothing was written.');
  return failed > 0 ? 1 : 0;
}

/** Opens the instance's storage (as `npm start` does) and runs the command; returns the exit code. */
export async function runMigrationsCli(argv: readonly string[], registry: () => Promise<CogRegistry>, io: MigrationCommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args: Args;
  try {
    args = parseMigrationArgs(argv);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  const explicit = args.config ?? env.COGSMITH_CONFIG?.trim();
  let instance: InstanceConfig;
  try {
    instance = loadInstance(explicit || 'bot.config.yaml', Boolean(explicit), createLogger('migrations'));
  } catch (error) {
    if (!(error instanceof InstanceConfigError)) throw error;
    io.err(`The instance settings have problems:\n${error.message}`);
    return 1;
  }
  const storage = args.sandbox ? sandboxStorage(instance.storage) : instance.storage;
  const driver = await createStorageDriver(storage);
  try {
    await driver.open();
  } catch (error) {
    io.err(`Could not open the ${storage.driver} storage: ${(error as Error).message}`);
    return 1;
  }
  try {
    io.out(`Storage: ${storage.driver}${storage.url ? '' : ` (${storage.driver === 'postgres' ? `${storage.path}/pglite` : storage.path})`}`);
    return await migrationCommand(args, await registry(), driver, io);
  } finally {
    await driver.close();
  }
}

/** `npm run migrations -- ...`, run by runtime/host/launch.mjs. */
export async function main(argv: readonly string[], context: EntryContext = {}): Promise<void> {
  setUpLogging();
  const io: MigrationCommandIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
  const code = await runMigrationsCli(argv, () => loadRegistry(context.modules), io);
  process.exit(code);
}

/**
 * What the container image (Dockerfile) does around the bot, in one place for the entrypoint and the health
 * probe. Plain JavaScript, run by plain Node in the runtime image (no transformer there).
 *
 * The container's instance settings are the project's bot.config.yaml (or COGSMITH_CONFIG) with three keys
 * decided by the container, so the image, its volume and its HEALTHCHECK agree whatever the file says:
 *
 * - `metrics: { port: COGSMITH_METRICS_PORT (default 9090), host: 0.0.0.0 }`: always on, at a known port, so
 *   the HEALTHCHECK can ask /healthz and Prometheus can scrape /metrics from another container. A `host` the
 *   file sets is kept.
 * - `storage.path`: COGSMITH_DATA_DIR (default /data, the image's volume). Everything the bot keeps (json
 *   files, an embedded PGlite) goes there.
 * - `storage.driver`: `postgres` when COGSMITH_POSTGRES_URL is set (the compose file points it at its db
 *   service; the loader reads the URL from the environment), else what the file says (default json).
 *
 * A relative log file path (`logging.file.path`) is taken from the data folder too. The result is written to
 * `<data>/.cogsmith/bot.config.yaml` (owned by the bot's user) and the bot is started with COGSMITH_CONFIG
 * pointing at it; the token stays in the environment (DISCORD_TOKEN) and is never written.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export const DEFAULT_METRICS_PORT = 9090;
export const DEFAULT_DATA_DIR = '/data';

/** The port /healthz is served on inside the container (COGSMITH_METRICS_PORT, default 9090). */
export function metricsPort(env = process.env) {
  const raw = env.COGSMITH_METRICS_PORT?.trim();
  if (!raw) return DEFAULT_METRICS_PORT;
  const port = Number(raw);
  if (!/^[0-9]+$/.test(raw) || port < 1 || port > 65535) throw new Error(`COGSMITH_METRICS_PORT must be a port number (1-65535), got "${raw}".`);
  return port;
}

/** The container's data folder (COGSMITH_DATA_DIR, default /data), absolute. */
export function dataDir(env = process.env) {
  return resolve(env.COGSMITH_DATA_DIR?.trim() || DEFAULT_DATA_DIR);
}

/**
 * The container's instance settings from the project's bot.config.yaml text (see the header). Returns the
 * YAML to write. A file that is not a YAML map is returned unchanged in spirit: the bot's own loader then
 * reports its problems at file:line:col, so only a map is rewritten.
 */
export function containerInstance(text, env = process.env) {
  const parsed = text.trim() === '' ? {} : parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return text;
  const data = dataDir(env);
  const storage = typeof parsed.storage === 'object' && parsed.storage !== null ? { ...parsed.storage } : {};
  storage.path = data;
  if (env.COGSMITH_POSTGRES_URL?.trim()) storage.driver = 'postgres';
  const metrics = typeof parsed.metrics === 'object' && parsed.metrics !== null ? parsed.metrics : {};
  const result = { ...parsed, storage, metrics: { port: metricsPort(env), host: typeof metrics.host === 'string' ? metrics.host : '0.0.0.0' } };
  const file = parsed.logging?.file;
  if (file && typeof file.path === 'string' && !isAbsolute(file.path)) {
    result.logging = { ...parsed.logging, file: { ...file, path: join(data, file.path) } };
  }
  return stringify(result);
}

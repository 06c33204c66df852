#!/usr/bin/env node
/**
 * The image's HEALTHCHECK: asks the bot's /healthz on 127.0.0.1 at the container's metrics port
 * (COGSMITH_METRICS_PORT, default 9090; the entrypoint turns metrics on there). Exit 0 when it answers 200,
 * 1 otherwise (as Docker expects), with one line saying why. No curl in a slim image: Node's own fetch.
 */
import { metricsPort } from './container.mjs';

const url = `http://127.0.0.1:${metricsPort(process.env)}/healthz`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (response.status !== 200) {
    process.stdout.write(`${url} answered ${response.status}\n`);
    process.exit(1);
  }
  process.stdout.write(`${url}: ok\n`);
} catch (error) {
  process.stdout.write(`${url} did not answer: ${error.cause?.code ?? error.message}\n`);
  process.exit(1);
}

// drizzle-kit configuration for the postgres config driver's migrations (`npx drizzle-kit generate`).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './runtime/drivers/postgres/schema.ts',
  out: './runtime/drivers/postgres/migrations',
});

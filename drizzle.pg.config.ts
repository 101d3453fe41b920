import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations (`npm run db:generate:pg`); the SQLite ones are in drizzle.config.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: './data/migrations-pg',
});

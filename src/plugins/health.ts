import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/client.js';

/** `/health` for load balancers and operators: is the process up and does the database answer? */
export function registerHealthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  app.get('/health', { config: { access: { permission: 'public', audit: 'none' } } }, async (_request, reply) => {
    const started = performance.now();
    try {
      await database.db.execute(sql`select 1`);
      return await reply.send({
        status: 'UP',
        database: { status: 'UP', engine: database.engine, responseMs: Math.round(performance.now() - started) },
      });
    } catch {
      return reply.code(503).send({ status: 'DOWN', database: { status: 'DOWN', engine: database.engine } });
    }
  });
}

import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppConfig } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import { logSerializers } from './http/logging.js';
import { registerAdminRoutes } from './modules/admin/routes.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { registerRouteTable } from './http/route-table.js';
import { registerPolicyRoutes } from './modules/policy/routes.js';
import { registerApiRoutes } from './modules/api/routes.js';
import { registerApiKeyRoutes } from './modules/api-keys/routes.js';
import { registerAuthRoutes } from './modules/auth/routes.js';
import { registerChildrenRoutes } from './modules/children/routes.js';
import { registerConcernRoutes } from './modules/concerns/routes.js';
import { registerDocumentRoutes } from './modules/documents/routes.js';
import { registerTaskRoutes } from './modules/tasks/routes.js';
import { deliveryMonitoringRoutes } from './modules/delivery-monitoring/routes.js';
import { registerEducationRoutes } from './modules/education/routes.js';
import { registerMessageRoutes } from './modules/messages/routes.js';
import { deliveryApiRoutes } from './modules/delivery-import/api-routes.js';
import { registerDeliveryImportRoutes } from './modules/delivery-import/routes.js';
import { registerHomeRoutes } from './modules/home/routes.js';
import { registerNotificationRoutes } from './modules/notifications/routes.js';
import { provisionRoutes } from './modules/provision/routes.js';
import { registerReportRoutes } from './modules/reports/routes.js';
import { registerTimelineRoutes } from './modules/timeline/routes.js';
import { registerPeopleRoutes } from './modules/people/routes.js';
import { registerAccessLogRoutes } from './modules/access-log/routes.js';
import { fromRoot } from './project-root.js';
import accessPlugin from './plugins/access.js';
import errorsPlugin from './plugins/errors.js';
import inputGatePlugin from './plugins/input-gate.js';
import { registerHealthRoutes } from './plugins/health.js';
import submissionsPlugin from './plugins/submissions.js';
import securityPlugin from './plugins/security.js';
import sessionPlugin from './plugins/session.js';
import viewsPlugin from './plugins/views.js';

export interface AppDependencies {
  config: AppConfig;
  database: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
  /** Where log lines go instead of stdout (tests read them back). */
  logDestination?: { write(line: string): void };
  /**
   * Re-read templates on every request, so edits show on reload. Only `npm run dev` asks for it:
   * it makes every page several times slower, so `npm start` and production compile each template once.
   */
  reloadTemplates?: boolean;
}

/** Builds the application: plugins first, then modules. Never listens; server.ts and tests do that. */
export async function buildApp({ config, database, logger, logDestination, reloadTemplates = false }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? {
      level: config.logLevel,
      // Children's data never reaches the logs: no bodies, headers, query strings or driver text.
      serializers: logSerializers,
      ...(logDestination ? { stream: logDestination } : {}),
    },
    bodyLimit: 1_048_576,
    // request.ip is the connecting address unless that is a configured proxy; then it is the
    // client the proxy names in X-Forwarded-For.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
  });

  // Static files are public by definition; everything else must declare its access.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/')) {
      route.config = { ...(route.config ?? {}), access: { permission: 'public', audit: 'none' } };
    }
  });

  await app.register(errorsPlugin);
  // First, so CSRF checks and every route read input through the same rules.
  await app.register(inputGatePlugin);
  await app.register(securityPlugin, { config });
  await app.register(sessionPlugin, { db: database.db, config });
  await app.register(viewsPlugin, { cacheTemplates: !reloadTemplates });
  await app.register(accessPlugin, { failOnMissingAudit: config.environment !== 'production' });
  // After the access check: a key is claimed only for a request that may run.
  await app.register(submissionsPlugin, { db: database.db });
  await app.register(fastifyStatic, {
    root: [
      fromRoot('dist', 'public'),
      fromRoot('src', 'assets', 'js'),
      fromRoot('node_modules', 'govuk-frontend', 'dist', 'govuk'),
      fromRoot('node_modules', '@ministryofjustice', 'frontend', 'moj'),
    ],
    prefix: '/assets/',
    index: false,
    list: false,
    maxAge: '1h',
  });

  registerHealthRoutes(app, database);
  const { db } = database;
  registerHomeRoutes(app);
  registerAuthRoutes(app, db);
  registerChildrenRoutes(app, db);
  registerRouteTable(app, db, provisionRoutes);
  registerConcernRoutes(app, db);
  registerTimelineRoutes(app, db);
  registerPeopleRoutes(app, db);
  registerAccessLogRoutes(app, db);
  registerRouteTable(app, db, deliveryMonitoringRoutes);
  registerEducationRoutes(app, db);
  registerDocumentRoutes(app, db);
  registerTaskRoutes(app, db);
  registerMessageRoutes(app, db);
  registerReportRoutes(app, db);
  registerAdminRoutes(app, db);
  registerRouteTable(app, db, calendarRoutes);
  registerPolicyRoutes(app, db);
  registerApiRoutes(app, db);
  registerDeliveryImportRoutes(app, db);
  registerRouteTable(app, db, deliveryApiRoutes);
  registerApiKeyRoutes(app, db);
  registerNotificationRoutes(app, db);
  return app;
}

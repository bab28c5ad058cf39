import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { systemClock, type Clock } from './clock.js';
import type { AppConfig } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import { logSerializers } from './http/logging.js';
import { adminRoutes } from './modules/admin/routes.js';
import { calendarRoutes } from './modules/calendar/routes.js';
import { planEditorRoutes } from './modules/plan-editor/routes.js';
import { registerRouteTable } from './http/route-table.js';
import { policyRoutes } from './modules/policy/routes.js';
import { apiRoutes } from './modules/api/routes.js';
import { apiKeyRoutes } from './modules/api-keys/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { childrenRoutes } from './modules/children/routes.js';
import { concernRoutes } from './modules/concerns/routes.js';
import { interimReviewRoutes } from './modules/interim-reviews/routes.js';
import { reviewTargetingRoutes } from './modules/review-targeting/routes.js';
import { reviewRoutes } from './modules/reviews/routes.js';
import { registerDocumentRoutes } from './modules/documents/routes.js';
import { taskRoutes } from './modules/tasks/routes.js';
import { deliveryMonitoringRoutes } from './modules/delivery-monitoring/routes.js';
import { educationRoutes } from './modules/education/routes.js';
import { messageRoutes } from './modules/messages/routes.js';
import { deliveryApiRoutes } from './modules/delivery-import/api-routes.js';
import { registerDeliveryImportRoutes } from './modules/delivery-import/routes.js';
import { homeRoutes } from './modules/home/routes.js';
import { registerNotificationRoutes } from './modules/notifications/routes.js';
import { provisionRoutes } from './modules/provision/routes.js';
import { resourceBaseRoutes } from './modules/resource-bases/routes.js';
import { reportRoutes } from './modules/reports/routes.js';
import { provisionCostRoutes } from './modules/provision-costs/routes.js';
import { timelineRoutes } from './modules/timeline/routes.js';
import { peopleRoutes } from './modules/people/routes.js';
import { accessLogRoutes } from './modules/access-log/routes.js';
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
  /** Where "now" and "today" come from; tests pass a fixed clock. */
  clock?: Clock;
}

/** Builds the application: plugins first, then modules. Never listens; server.ts and tests do that. */
export async function buildApp({ config, database, logger, logDestination, reloadTemplates = false, clock = systemClock }: AppDependencies): Promise<FastifyInstance> {
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

  app.decorate('clock', clock);

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
    root: [fromRoot('dist', 'public'), fromRoot('src', 'assets', 'js'), fromRoot('node_modules', 'govuk-frontend', 'dist', 'govuk'), fromRoot('node_modules', '@ministryofjustice', 'frontend', 'moj')],
    prefix: '/assets/',
    index: false,
    list: false,
    maxAge: '1h',
  });

  registerHealthRoutes(app, database);
  const { db } = database;
  registerRouteTable(app, db, homeRoutes);
  registerRouteTable(app, db, authRoutes);
  registerRouteTable(app, db, childrenRoutes);
  registerRouteTable(app, db, provisionRoutes);
  registerRouteTable(app, db, concernRoutes);
  registerRouteTable(app, db, planEditorRoutes);
  registerRouteTable(app, db, interimReviewRoutes);
  registerRouteTable(app, db, reviewTargetingRoutes);
  registerRouteTable(app, db, reviewRoutes);
  registerRouteTable(app, db, timelineRoutes);
  registerRouteTable(app, db, peopleRoutes);
  registerRouteTable(app, db, accessLogRoutes);
  registerRouteTable(app, db, deliveryMonitoringRoutes);
  registerRouteTable(app, db, educationRoutes);
  registerDocumentRoutes(app, db);
  registerRouteTable(app, db, taskRoutes);
  registerRouteTable(app, db, messageRoutes);
  registerRouteTable(app, db, reportRoutes);
  registerRouteTable(app, db, provisionCostRoutes);
  registerRouteTable(app, db, resourceBaseRoutes);
  registerRouteTable(app, db, adminRoutes);
  registerRouteTable(app, db, calendarRoutes);
  registerRouteTable(app, db, policyRoutes);
  registerRouteTable(app, db, apiRoutes);
  registerDeliveryImportRoutes(app, db);
  registerRouteTable(app, db, deliveryApiRoutes);
  registerRouteTable(app, db, apiKeyRoutes);
  registerNotificationRoutes(app, db);
  return app;
}

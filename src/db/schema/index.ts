export * from './tenancy.js';
export * from './settings.js';
export * from './children.js';
export * from './plans.js';
export * from './audit.js';
export * from './delivery.js';

export * from './restRouter.js';
export * from './restRoutes.js';
export * from './restShape.js';

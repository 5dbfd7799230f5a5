export * from './apiDocs.js';
export * from './openapi.js';
export * from './restRouter.js';
export * from './restRoutes.js';
export * from './restShape.js';

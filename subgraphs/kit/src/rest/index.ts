export * from './openapi.js';
export * from './restRoutes.js';
export * from './restShape.js';
export * from './routeDocs.js';

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';

/** The static Swagger UI build shipped by the npm package: served locally, never from a CDN. */
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const indexPage = (title: string): string => `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>${title.replace(/[<>&"]/g, '')}</title>
    <link rel="stylesheet" type="text/css" href="/swagger/swagger-ui.css">
    <link rel="icon" type="image/png" href="/swagger/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/swagger/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/swagger/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

// Replaces the package's initializer, which points at the public petstore. validatorUrl: null
// keeps the page from calling the public validator.
const initializer = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
};
`;

/**
 * `GET /openapi.json` (`document`, serialized once: a route table is fixed for the life of the
 * process) and Swagger UI at `/swagger`, titled `title`.
 */
export function serveApiDocs(openApiDocument: object, title: string): Router {
  const document = JSON.stringify(openApiDocument);
  const page = indexPage(title);
  const router = express.Router();
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  router.get(['/swagger', '/swagger/index.html'], (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/swagger/swagger-initializer.js', (_req, res) => {
    res.type('application/javascript').send(initializer);
  });
  router.use('/swagger', express.static(swaggerUiDir, { index: false, redirect: false, maxAge: '1h' }));
  return router;
}

/**
 * `node --import` entry (`tsx --import ./platform/src/telemetry/register.ts <main.ts>`): starts
 * tracing before the application's modules load, so the GraphQL, MongoDB and amqplib
 * instrumentations can patch them. Without it only HTTP (server and undici client) and this
 * platform's own spans are traced: those modules are already loaded when `main` runs.
 * `main`'s own call then finds tracing started.
 *
 * pino is imported from ESM, which CommonJS require hooks never see: the import-in-the-middle
 * loader hook, limited to pino, lets the pino bridge wrap it so log lines reach the Logs SDK.
 */
import { register } from 'node:module';
import { loadConfig } from '../config.js';
import { serviceNameOf } from './serviceName.js';
import { startTelemetry } from './startTelemetry.js';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['pino'] } });
await startTelemetry(loadConfig('gateway').telemetry, { serviceName: serviceNameOf(process.argv[1] ?? '') });

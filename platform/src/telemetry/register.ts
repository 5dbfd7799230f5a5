/**
 * `node --import` entry (`tsx --import ./platform/src/telemetry/register.ts <main.ts>`): starts
 * tracing before the application's modules load, so the GraphQL, MongoDB and amqplib
 * instrumentations can patch them. Without it only HTTP (server and undici client) and this
 * platform's own spans are traced: those modules are already loaded when `main` runs.
 * `main`'s own call then finds tracing started.
 */
import { loadConfig } from '../config.js';
import { serviceNameOf } from './serviceName.js';
import { startTelemetry } from './startTelemetry.js';

await startTelemetry(loadConfig('gateway').telemetry, { serviceName: serviceNameOf(process.argv[1] ?? '') });

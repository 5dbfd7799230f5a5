#!/usr/bin/env node
// The `flow` command. The repository runs TypeScript with tsx and has no build step, so this
// launcher registers tsx's loader in this process and imports the TypeScript entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');

export * from './authBanner.js';
export * from './authenticator.js';
export * from './roles.js';
export * from './serviceCredentials.js';
export * from './tokens.js';

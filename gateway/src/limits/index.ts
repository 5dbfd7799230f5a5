export { addressKey, clientAddress } from './clientAddress.js';
export { createRateLimiter, rateLimited, rateLimitRequests, type Caller, type RateLimiter } from './rateLimiter.js';
export { loadSafelist, parseSafelist, requireSafelisted, type Safelist } from './safelist.js';
export { TokenBuckets, type TokenBucketOptions, type Verdict } from './tokenBuckets.js';

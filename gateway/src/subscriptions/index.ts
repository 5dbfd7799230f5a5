export { createSubscriptionEdge, type SubscriptionEdge, type SubscriptionEdgeOptions } from './subscriptionEdge.js';
export { apolloExecutor, type Credentials, type ExecuteFederated } from './federatedExecutor.js';

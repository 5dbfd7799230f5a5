import {
  createFederationClient as createClient,
  type EntityData,
  type FederationClient as Client,
  type FederationClientOptions as ClientOptions,
} from '@flow/serving';
import { ownerOf, type EntityType } from './domain.js';

export type { EntityData };

/** The federation client over the entity types, asking each type's owner unless told otherwise. */
export type FederationClient = Client<EntityType>;

export type FederationClientOptions = Omit<ClientOptions<EntityType>, 'owners'>;

export function createFederationClient(options: FederationClientOptions): FederationClient {
  return createClient({ ...options, owners: ownerOf });
}

/** Map `processor-health`: one entry per live processor instance, kept alive by its TTL. */
export const PROCESSOR_HEALTH_MAP = 'processor-health';

export interface Heartbeat {
  processorId: string;
  instanceId: string;
  name: string;
  version: string;
  at: string;
  inFlight: number;
}

export const heartbeatKey = (processorId: string, instanceId: string): string => `${processorId}/${instanceId}`;

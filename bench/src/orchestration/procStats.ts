import { readFileSync } from 'node:fs';

/**
 * Memory and CPU of processes from /proc (Linux): the spawned orchestrator's RSS, and the CPU
 * each process of the machine's two cores spent during a phase, servers included, to see
 * where the cores went.
 */
export interface Memory {
  rssMiB: number;
  /** Peak RSS of the process so far (VmHWM). */
  peakMiB: number;
}

export function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process so far, or undefined when it is gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface CpuWatch {
  /** CPU seconds each named process spent since `start`, and the wall seconds. */
  stop(): { wallSeconds: number; perProcess: Array<{ name: string; seconds: number }> };
}

export function watchCpu(processes: ReadonlyArray<{ name: string; pid: number }>): CpuWatch {
  const began = Date.now();
  const before = processes.map((entry) => ({ ...entry, seconds: cpuSecondsOf(entry.pid) }));
  return {
    stop() {
      const perProcess = before.flatMap(({ name, pid, seconds }) => {
        const after = cpuSecondsOf(pid);
        return seconds === undefined || after === undefined ? [] : [{ name, seconds: after - seconds }];
      });
      return { wallSeconds: (Date.now() - began) / 1000, perProcess };
    },
  };
}

/** The servers `npm run infra:up` started, from its pid files (absent when started some other way). */
export function infraProcesses(infraRunDir: URL): Array<{ name: string; pid: number }> {
  const files = [
    { name: 'FerretDB', file: 'mongo.pid' },
    { name: 'RabbitMQ', file: 'rabbitmq-erlang.pid' },
    { name: 'Hazelcast', file: 'hazelcast.pid' },
  ];
  return files.flatMap(({ name, file }) => {
    try {
      const pid = Number(readFileSync(new URL(file, infraRunDir), 'utf8').trim());
      return Number.isInteger(pid) && cpuSecondsOf(pid) !== undefined ? [{ name, pid }] : [];
    } catch {
      return [];
    }
  });
}

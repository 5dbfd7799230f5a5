import type { ChannelModel } from 'amqplib';

/** The parts of amqplib's connection (2.x, lib/connection.js and lib/mux.js) this relies on. */
interface ConnectionInternals {
  muxer?: { _readIncoming?: () => void };
  stream?: { cork(): void; uncork(): void };
}

/**
 * Writes every frame amqplib has queued in one pass to the socket in a single `writev`.
 *
 * amqplib's multiplexer drains the channels' frames once per event-loop turn, one
 * `socket.write` each; with `noDelay` each write that finds the socket idle is a system call
 * (one TCP segment), so a busy process pays one per publish and one per ack. Corking the socket
 * for the pass sends them together and adds no latency (the pass ends with the uncork). It
 * measured 705 -> 818 completed steps/s in the orchestration bench, and RabbitMQ's CPU fell by
 * a third. Answers false, leaving the connection as it is, if amqplib's internals differ.
 */
export function coalesceFrames(model: ChannelModel): boolean {
  const connection = (model as unknown as { connection?: ConnectionInternals }).connection;
  const muxer = connection?.muxer;
  const stream = connection?.stream;
  const drain = muxer?._readIncoming;
  if (!muxer || !stream || typeof drain !== 'function' || typeof stream.cork !== 'function') return false;
  muxer._readIncoming = () => {
    stream.cork();
    try {
      drain.call(muxer);
    } finally {
      stream.uncork();
    }
  };
  return true;
}

import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ClockJumpProxyOptions {
  /** The RTSP server to relay (the camera simulator). */
  target: { host: string; port: number };
  /** Seconds into each session when the camera's clock jumps. */
  afterSeconds: number;
  /** How far it jumps (negative: back), in seconds of the 90 kHz video clock. */
  jumpSeconds: number;
}

export interface ClockJumpProxy {
  readonly port: number;
  /** `rtsp://127.0.0.1:<port>/<mount>`: the mount of the target, through the proxy. */
  url(mount: string): string;
  stop(): Promise<void>;
}

/** RTSP interleaved data: `$`, channel, 16-bit length, then an RTP or RTCP packet. */
const INTERLEAVED = 0x24;

/**
 * A camera whose clock jumps (an NTP correction, a reboot of its time service): an RTSP relay
 * that, `afterSeconds` into each session, moves the timestamps of the video's RTP packets
 * (interleaved channel 0, so RTSP over TCP) by `jumpSeconds` and keeps them there. The pictures
 * keep coming in real time; only the camera's clock says otherwise. GStreamer's Python bindings
 * hand pad probes read-only buffers, so the jump is made here, on the wire.
 */
export async function startClockJumpProxy(options: ClockJumpProxyOptions): Promise<ClockJumpProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(options.target.port, options.target.host);
    sockets.add(client);
    sockets.add(upstream);
    const startedAt = Date.now();
    const shift = Math.round(options.jumpSeconds * 90_000);
    let pending = Buffer.alloc(0);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const jumped = Date.now() - startedAt >= options.afterSeconds * 1_000;
      let at = 0;
      while (at < pending.length) {
        if (pending[at] === INTERLEAVED) {
          if (pending.length - at < 4) break;
          const length = pending.readUInt16BE(at + 2);
          if (pending.length - at < 4 + length) break;
          const channel = pending[at + 1];
          if (jumped && channel === 0 && length >= 12) {
            const ts = pending.readUInt32BE(at + 8);
            pending.writeUInt32BE((ts + shift + 2 ** 32) % 2 ** 32, at + 8);
          }
          at += 4 + length;
          continue;
        }
        // An RTSP message (a reply, or the server's own request): headers, then Content-Length bytes.
        const end = pending.indexOf('\r\n\r\n', at);
        if (end < 0) break;
        const length = Number(/content-length:\s*(\d+)/i.exec(pending.subarray(at, end).toString('latin1'))?.[1] ?? 0);
        if (pending.length < end + 4 + length) break;
        at = end + 4 + length;
      }
      if (at > 0) {
        client.write(pending.subarray(0, at));
        pending = pending.subarray(at);
      }
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('close', close);
      socket.on('error', close);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (mount) => `rtsp://127.0.0.1:${port}/${mount}`,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

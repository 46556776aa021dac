import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mediaKinds, mediaMimeByKind, mediaUri, type MediaKind } from '@wardwatch/contracts';

export interface StoredMedia {
  sha256: string;
  bytes: number;
  mime: string;
  puts: number;
}

/**
 * A real HTTP server implementing the console's agent upload endpoint as the contract states it
 * (PUT /api/agent/violations/:id/media/:kind, bearer token, X-Content-SHA256 checked against the
 * body, idempotent by id + kind + sha256), for as long as review-console has no in-process app.
 * `fail` makes it answer 503, like a console that is up but unhealthy.
 */
export class UploadServer {
  readonly media = new Map<string, StoredMedia>();
  requests = 0;
  fail = false;
  /** Violation ids whose uploads are refused with 413, like evidence over the console's size limit. */
  readonly refuse = new Set<string>();
  private server: Server | undefined;
  private port = 0;

  /** With `saveDir`, bodies are written to `<saveDir>/<id>-<kind>` so a test can play them. */
  constructor(
    readonly token: string,
    private readonly saveDir?: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  stored(violationId: string, kind: MediaKind): StoredMedia | undefined {
    return this.media.get(`${violationId}/${kind}`);
  }

  async start(port = 0): Promise<void> {
    const server = createServer((request, response) => {
      this.requests += 1;
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const reply = (status: number, body: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        };
        if (this.fail) return reply(503, { error: 'unavailable' });
        const match = /^\/api\/agent\/violations\/([0-9a-f-]{36})\/media\/([a-z]+)$/.exec(request.url ?? '');
        const kind = match?.[2] as MediaKind | undefined;
        if (request.method !== 'PUT' || !match || !kind || !mediaKinds.includes(kind)) return reply(404, { error: 'not found' });
        if (request.headers.authorization !== `Bearer ${this.token}`) return reply(401, { error: 'bad token' });
        if (this.refuse.has(match[1] ?? '')) return reply(413, { error: 'too large' });
        if (request.headers['content-type'] !== mediaMimeByKind[kind]) return reply(415, { error: 'wrong type' });
        const body = Buffer.concat(chunks);
        const sha256 = createHash('sha256').update(body).digest('hex');
        if (request.headers['x-content-sha256'] !== sha256) return reply(400, { error: 'sha256 mismatch' });
        const id = match[1] ?? '';
        const key = `${id}/${kind}`;
        const previous = this.media.get(key);
        this.media.set(key, { sha256, bytes: body.length, mime: mediaMimeByKind[kind], puts: (previous?.puts ?? 0) + 1 });
        if (this.saveDir) writeFileSync(join(this.saveDir, `${id}-${kind}`), body);
        return reply(previous ? 200 : 201, { uri: mediaUri(id, kind), sha256, bytes: body.length });
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

import type { MediaKind, MediaUploadResponse, ViolationJob } from '@wardwatch/contracts';
import type { Logger } from 'pino';
import { signViolationJob } from '@wardwatch/contracts/agent-signature';
import { ConsoleMediaUploader } from './console-media-uploader.js';
import { hasReplicas } from '@wardwatch/contracts/redis-address';
import { createRedisConnection } from './redis-connection.js';
import { ViolationQueue } from './violation-queue.js';
import type { MediaFile, ViolationPublisher } from './violation-publisher.js';

export interface ConsoleQueuePublisherOptions {
  consoleUrl: string;
  token: string;
  redisUrl: string;
  logger: Logger;
  prefix?: string;
  queueName?: string;
}

/** The production publisher: evidence over HTTP to the console, the job into BullMQ. */
export function createConsoleQueuePublisher(options: ConsoleQueuePublisherOptions): ViolationPublisher {
  const uploader = new ConsoleMediaUploader({ url: options.consoleUrl, token: options.token });
  const connection = createRedisConnection(options.redisUrl, options.logger, 'wardwatch-agent-violations');
  const queue = new ViolationQueue({
    connection,
    // Through a Sentinel set a job counts as delivered once a replica holds it too.
    replicas: hasReplicas(options.redisUrl) ? 1 : 0,
    ...(options.prefix ? { prefix: options.prefix } : {}),
    ...(options.queueName ? { queueName: options.queueName } : {}),
  });
  return {
    uploadMedia: (violationId: string, kind: MediaKind, file: MediaFile): Promise<MediaUploadResponse> => uploader.upload(violationId, kind, file),
    // Signed with the agent's token, which the console checks: Redis is shared by every agent.
    enqueue: (job: ViolationJob) => queue.add(signViolationJob(job, options.token)),
    async close() {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}

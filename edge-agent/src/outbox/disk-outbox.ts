import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { MediaKind, MediaUploadResponse } from '@wardwatch/contracts';
import type { DeliveryMetrics } from '../metrics/delivery-metrics.js';
import { durableRename, fsyncPath, writeFileAtomic } from './durable-fs.js';
import { deliveryStateV1, outboxRecordV1, RECORD_FILE, STATE_FILE, type DeliveryState, type OutboxRecord } from './outbox-record.js';

/** The item was removed (delivered elsewhere or evicted) while someone was working on it. */
export class OutboxItemGone extends Error {
  override readonly name = 'OutboxItemGone';
}

export interface OutboxItem {
  id: string;
  dir: string;
  record: OutboxRecord;
  state: DeliveryState;
  bytes: number;
}

export interface DiskOutboxOptions {
  dir: string;
  maxBytes: number;
  logger: Logger;
  metrics: Pick<DeliveryMetrics, 'outboxPending' | 'outboxBytes' | 'outboxEvicted'>;
}

/**
 * Violations waiting for delivery, one directory each under `items/`. An item is staged in
 * `tmp/`, fsynced and renamed into `items/` in one step, so after a SIGKILL at any moment an item
 * either exists whole or not at all; `state.json` records each delivery step. Removal renames
 * into `trash/` first, so a half-deleted item is never mistaken for a pending one. One process
 * owns a directory.
 */
export class DiskOutbox {
  private readonly items = new Map<string, OutboxItem>();
  private readonly listeners = new Set<() => void>();
  private readonly itemsDir: string;
  private readonly tmpDir: string;
  private readonly trashDir: string;

  private constructor(private readonly options: DiskOutboxOptions) {
    this.itemsDir = join(options.dir, 'items');
    this.tmpDir = join(options.dir, 'tmp');
    this.trashDir = join(options.dir, 'trash');
  }

  static async open(options: DiskOutboxOptions): Promise<DiskOutbox> {
    const outbox = new DiskOutbox(options);
    await outbox.load();
    return outbox;
  }

  private async load(): Promise<void> {
    // Leftovers of a crash: half-staged items were never committed, trash was already delivered.
    await rm(this.tmpDir, { recursive: true, force: true });
    await rm(this.trashDir, { recursive: true, force: true });
    await Promise.all([this.itemsDir, this.tmpDir, this.trashDir].map((dir) => mkdir(dir, { recursive: true })));
    for (const id of await readdir(this.itemsDir)) {
      const dir = join(this.itemsDir, id);
      try {
        const record = outboxRecordV1.parse(JSON.parse(await readFile(join(dir, RECORD_FILE), 'utf8')));
        const state = await readState(dir);
        this.items.set(id, { id, dir, record, state, bytes: await dirBytes(dir) });
      } catch (error) {
        // Only a bug or a hand-edited file gets here (writes are atomic): keep it aside for a human.
        this.options.logger.error({ event: 'outbox_item_unreadable', violationId: id, err: error }, 'outbox item is unreadable; moved aside');
        await durableRename(dir, join(this.options.dir, `unreadable-${id}-${randomBytes(3).toString('hex')}`)).catch(() => undefined);
      }
    }
    this.updateGauges();
  }

  /** A fresh directory to write an item's evidence into, before `commit`. */
  async stage(): Promise<string> {
    const dir = join(this.tmpDir, randomBytes(8).toString('hex'));
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async discard(stagingDir: string): Promise<void> {
    await rm(stagingDir, { recursive: true, force: true });
  }

  /**
   * Writes `record.json` into the staged directory, makes room under the quota by evicting the
   * oldest undelivered items, and moves the item into place. An item larger than the whole quota
   * is itself dropped (and counted), since keeping it would evict everything else.
   */
  async commit(stagingDir: string, record: OutboxRecord): Promise<OutboxItem | undefined> {
    const checked = outboxRecordV1.parse(record);
    await writeFileAtomic(join(stagingDir, RECORD_FILE), JSON.stringify(checked));
    for (const name of await readdir(stagingDir)) await fsyncPath(join(stagingDir, name));
    await fsyncPath(stagingDir);
    const bytes = await dirBytes(stagingDir);
    if (bytes > this.options.maxBytes) {
      await this.discard(stagingDir);
      this.options.metrics.outboxEvicted.inc();
      this.options.logger.error({ event: 'outbox_evicted', violationId: checked.violationId, bytes, maxBytes: this.options.maxBytes, reason: 'larger_than_quota' }, 'evidence is larger than the whole outbox quota; dropped');
      return undefined;
    }
    while (this.usedBytes() + bytes > this.options.maxBytes) {
      const oldest = this.pending()[0];
      if (!oldest) break;
      await this.evict(oldest);
    }
    const dir = join(this.itemsDir, checked.violationId);
    await durableRename(stagingDir, dir);
    const item: OutboxItem = { id: checked.violationId, dir, record: checked, state: {}, bytes };
    this.items.set(item.id, item);
    this.updateGauges();
    for (const listener of this.listeners) listener();
    return item;
  }

  /** Items not yet fully delivered, oldest first. */
  pending(): OutboxItem[] {
    return [...this.items.values()].sort((a, b) => a.record.createdAtMs - b.record.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(id: string): OutboxItem | undefined {
    return this.items.get(id);
  }

  depth(): number {
    let count = 0;
    for (const item of this.items.values()) if (item.state.enqueuedAt === undefined) count += 1;
    return count;
  }

  usedBytes(): number {
    let total = 0;
    for (const item of this.items.values()) total += item.bytes;
    return total;
  }

  async markUploaded(id: string, kind: MediaKind, response: MediaUploadResponse): Promise<void> {
    await this.updateState(id, (state) => ({ ...state, [kind]: response }));
  }

  async markEnqueued(id: string, at: string): Promise<void> {
    await this.updateState(id, (state) => ({ ...state, enqueuedAt: at }));
    this.updateGauges();
  }

  /** Deletes a delivered item. */
  async remove(id: string): Promise<void> {
    const item = this.items.get(id);
    if (!item) return;
    this.items.delete(id);
    await this.dropDir(item);
    this.updateGauges();
  }

  /**
   * Moves an item that can never be delivered (damaged files, refused by the contract) to
   * `rejected/` for a person to inspect, so it stops blocking the violations behind it.
   */
  async setAside(id: string, why: string): Promise<void> {
    const item = this.items.get(id);
    if (!item) return;
    this.items.delete(id);
    const rejected = join(this.options.dir, 'rejected');
    await mkdir(rejected, { recursive: true });
    await durableRename(item.dir, join(rejected, id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    this.updateGauges();
    this.options.logger.error({ event: 'outbox_rejected', violationId: id, cameraId: item.record.draft.cameraId, why }, 'violation cannot be delivered; moved to the rejected folder');
  }

  /** Called whenever an item is committed; returns an unsubscribe function. */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async evict(item: OutboxItem): Promise<void> {
    this.items.delete(item.id);
    await this.dropDir(item);
    if (item.state.enqueuedAt !== undefined) return; // Already delivered: only the cleanup was left.
    this.options.metrics.outboxEvicted.inc();
    this.options.logger.warn(
      { event: 'outbox_evicted', violationId: item.id, cameraId: item.record.draft.cameraId, bytes: item.bytes, maxBytes: this.options.maxBytes, reason: 'quota' },
      'outbox quota full: evicted the oldest undelivered violation',
    );
  }

  private async dropDir(item: OutboxItem): Promise<void> {
    const trashed = join(this.trashDir, `${item.id}-${randomBytes(3).toString('hex')}`);
    try {
      await durableRename(item.dir, trashed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await rm(trashed, { recursive: true, force: true });
  }

  private async updateState(id: string, change: (state: DeliveryState) => DeliveryState): Promise<void> {
    const item = this.items.get(id);
    if (!item) throw new OutboxItemGone(`outbox item ${id} is gone`);
    const next = deliveryStateV1.parse(change(item.state));
    try {
      await writeFileAtomic(join(item.dir, STATE_FILE), JSON.stringify(next));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new OutboxItemGone(`outbox item ${id} is gone`);
      throw error;
    }
    item.state = next;
  }

  private updateGauges(): void {
    this.options.metrics.outboxPending.set(this.depth());
    this.options.metrics.outboxBytes.set(this.usedBytes());
  }
}

async function readState(dir: string): Promise<DeliveryState> {
  try {
    return deliveryStateV1.parse(JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchModel } from '../../src/models/model-fetch.js';
import { loadModelManifest, type ModelManifest } from '../../src/models/model-manifest.js';
import { sharedDir } from '../../src/paths.js';

const sharedModel = join(sharedDir(), 'models', 'yolox_nano.onnx');
let manifest: ModelManifest;

beforeAll(async () => {
  manifest = await loadModelManifest('yolox_nano');
});

describe('model fetch', () => {
  it('finds the shared copy and verifies its hash', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ww-models-'));
    const location = await fetchModel(manifest, { modelDir: empty, allowDownload: false });
    expect(location).toEqual({ path: sharedModel, source: 'shared' });
  });

  it('prefers WARDWATCH_MODEL_DIR', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ww-models-'));
    await copyFile(sharedModel, join(dir, manifest.file));
    expect(await fetchModel(manifest, { modelDir: dir, allowDownload: false })).toEqual({ path: join(dir, manifest.file), source: 'model-dir' });
  });

  it('fails clearly on a corrupted copy, naming the path and the expected hash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ww-models-'));
    const bytes = await readFile(sharedModel);
    bytes[1000] = (bytes[1000]! + 1) % 256;
    await writeFile(join(dir, manifest.file), bytes);
    const attempt = fetchModel(manifest, { modelDir: dir, allowDownload: false });
    await expect(attempt).rejects.toThrow(join(dir, manifest.file));
    await expect(attempt).rejects.toThrow(`expected ${manifest.sha256}`);
  });

  it('fails clearly when the model is nowhere and downloads are off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ww-models-'));
    const attempt = fetchModel(manifest, { searchDirs: [{ dir, source: 'local' }], allowDownload: false });
    await expect(attempt).rejects.toThrow(/not found \(looked in .*yolox_nano\.onnx\); expected sha256 e8af0749/);
  });

  describe('download from upstream', () => {
    let server: Server;
    let baseUrl: string;
    let served = 'good';

    beforeAll(async () => {
      const good = await readFile(sharedModel);
      server = createServer((_req, res) => {
        res.end(served === 'good' ? good : Buffer.from('<html>not a model</html>'));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('downloads, verifies and stores the file', async () => {
      served = 'good';
      const empty = await mkdtemp(join(tmpdir(), 'ww-models-'));
      const target = await mkdtemp(join(tmpdir(), 'ww-models-'));
      const location = await fetchModel({ ...manifest, url: `${baseUrl}/yolox_nano.onnx` }, { searchDirs: [{ dir: empty, source: 'local' }], downloadDir: target });
      expect(location).toEqual({ path: join(target, manifest.file), source: 'download' });
    });

    it('refuses a download with the wrong hash and leaves nothing behind', async () => {
      served = 'bad';
      const empty = await mkdtemp(join(tmpdir(), 'ww-models-'));
      const target = await mkdtemp(join(tmpdir(), 'ww-models-'));
      const attempt = fetchModel({ ...manifest, url: `${baseUrl}/yolox_nano.onnx` }, { searchDirs: [{ dir: empty, source: 'local' }], downloadDir: target });
      await expect(attempt).rejects.toThrow(`expected ${manifest.sha256}`);
      const { readdir } = await import('node:fs/promises');
      expect(await readdir(target)).toEqual([]);
    });
  });
});

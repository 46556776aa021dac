import { parseArgs } from 'node:util';
import { fetchModel } from '../../models/model-fetch.js';
import { loadModelManifest, ModelError } from '../../models/model-manifest.js';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'Fetch and verify detector weights (models fetch [--manifest NAME])',
  help: `Usage: edge-agent models fetch [--manifest NAME|PATH] [--no-download]

Finds the weights named by a model manifest (default: yolox_nano), looking in
$WARDWATCH_MODEL_DIR, then ../shared/models, then models/, and downloads them from the
manifest's upstream URL otherwise. The sha256 is always verified. Prints the path.`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { manifest: { type: 'string', default: 'yolox_nano' }, 'no-download': { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    if (positionals[0] !== 'fetch') {
      process.stderr.write('models: expected "models fetch"\n');
      return ExitCode.usage;
    }
    try {
      const manifest = await loadModelManifest(values.manifest);
      const location = await fetchModel(manifest, {
        modelDir: process.env.WARDWATCH_MODEL_DIR,
        allowDownload: !values['no-download'],
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(`${location.path}\n`);
      return ExitCode.ok;
    } catch (error) {
      if (error instanceof ModelError) {
        process.stderr.write(`models: ${error.message}\n`);
        return ExitCode.failure;
      }
      throw error;
    }
  },
};

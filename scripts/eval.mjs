#!/usr/bin/env node
// `npm run eval`: detection quality of the real `edge-agent analyze` over a labelled scene set, in
// several picture conditions. Prints a table per scene and condition (true / false / missed cases
// per rule and trigger delay), then precision, recall and the largest delay per condition and rule.
// Options:
//   --scenes FILE         the scene set (default devkit/eval/scenes.yaml)
//   --only a,b            only these scenes
//   --conditions c,n      only these conditions (clean, night, starved, sway; default all)
//   --concurrency N       analyses side by side (default 2)
//   --json                one JSON line per scene and condition, then one summary line
//   --check               exit 1 unless every condition and rule meets the target
// Exit: 0 it ran (misses included, unless --check), 1 --check failed or the run broke, 2 bad input.
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const usage = (message) => {
  console.error(`eval: ${message}`);
  process.exit(2);
};

let values;
try {
  ({ values } = parseArgs({
    options: {
      scenes: { type: 'string', default: join(root, 'devkit', 'eval', 'scenes.yaml') },
      only: { type: 'string' },
      conditions: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      json: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (error) {
  usage(error.message);
}

const devkit = await import('../devkit/dist/src/index.js');
const { CONDITION_NAMES, SceneSetError, isConditionName, loadSceneSet, meetsEvalTarget, rowJson, runEval, summaryJson, summaryTable, tableHeader, tableRow } = devkit;

const conditions = values.conditions === undefined ? [...CONDITION_NAMES] : values.conditions.split(',').map((c) => c.trim()).filter(Boolean);
const unknown = conditions.filter((c) => !isConditionName(c));
if (conditions.length === 0 || unknown.length > 0) usage(`--conditions: unknown ${unknown.join(', ') || '(none given)'}; choose from ${CONDITION_NAMES.join(', ')}`);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) usage('--concurrency must be a whole number from 1 to 16');

let sceneSet;
try {
  sceneSet = await loadSceneSet(values.scenes);
} catch (error) {
  if (error instanceof SceneSetError) usage(error.message);
  throw error;
}
if (values.only !== undefined) {
  const wanted = values.only.split(',').map((s) => s.trim()).filter(Boolean);
  const names = sceneSet.scenes.map((s) => s.scene.name);
  const missing = wanted.filter((name) => !names.includes(name));
  if (wanted.length === 0 || missing.length > 0) usage(`--only: no scene ${missing.join(', ') || '(none given)'} in ${values.scenes} (scenes: ${names.join(', ')})`);
  sceneSet = { ...sceneSet, scenes: sceneSet.scenes.filter((s) => wanted.includes(s.scene.name)) };
}

if (!values.json) {
  console.log(`${sceneSet.scenes.length} scenes x ${conditions.length} conditions (${conditions.join(', ')}), ${concurrency} at a time\n`);
  console.log(tableHeader());
}
let result;
try {
  result = await runEval({
    sceneSet,
    conditions,
    concurrency,
    onRow: (row) => console.log(values.json ? JSON.stringify(rowJson(row)) : tableRow(row)),
  });
} catch (error) {
  console.error(`eval: ${error.message}`);
  process.exit(1);
}
console.log(values.json ? JSON.stringify(summaryJson(result)) : summaryTable(result));
process.exit(values.check && !meetsEvalTarget(result) ? 1 : 0);

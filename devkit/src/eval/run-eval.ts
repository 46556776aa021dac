import { analyzeVideo } from './analyze-runner.js';
import type { ConditionName } from './eval-conditions.js';
import { cleanVideo, conditionVideo } from './eval-media.js';
import { ResultOrderer } from './result-orderer.js';
import type { LoadedScene, LoadedSceneSet } from './load-scene-set.js';
import { addTallies, emptyTallies, matchCases, tallyByRule, type CaseScore, type ExpectedCase, type RuleTallies } from './score.js';

/*
 * The evaluation run: every scene in every condition, analysed by the real `edge-agent analyze`,
 * `concurrency` at a time, scored against the truth. Rows come out in a fixed order (scene by
 * scene, conditions in the order asked) whatever order the analyses finish in.
 */

export interface EvalRow {
  scene: string;
  condition: ConditionName;
  video: string;
  expected: ExpectedCase[];
  score: CaseScore;
  tallies: RuleTallies;
  /** The agent's own summary line for this analysis. */
  agentSummary: string;
  analyseWallS: number;
}

export interface EvalResult {
  rows: EvalRow[];
  /** Per condition, per rule, over all scenes. */
  summary: Record<string, RuleTallies>;
  conditions: ConditionName[];
  wallS: number;
}

export interface EvalOptions {
  sceneSet: LoadedSceneSet;
  conditions: readonly ConditionName[];
  /** Analyses run side by side (each with one detector thread when more than one). */
  concurrency: number;
  /** Called with each row, in the fixed order. */
  onRow?: (row: EvalRow) => void;
}

export async function runEval(options: EvalOptions): Promise<EvalResult> {
  const started = performance.now();
  const jobs = options.sceneSet.scenes.flatMap((loaded) => options.conditions.map((condition) => ({ loaded, condition })));
  const cleanOf = new Map<string, Promise<string>>();
  const clean = (loaded: LoadedScene): Promise<string> => {
    let video = cleanOf.get(loaded.scene.name);
    if (video === undefined) {
      video = cleanVideo(loaded.scene);
      cleanOf.set(loaded.scene.name, video);
    }
    return video;
  };
  const workers = options.concurrency > 1 ? 1 : undefined;

  const rows = new ResultOrderer<EvalRow>(jobs.length, options.onRow);

  let next = 0;
  let failure: Error | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < jobs.length) {
      const index = next++;
      const { loaded, condition } = jobs[index]!;
      try {
        const video = await conditionVideo(loaded.scene.name, await clean(loaded), condition);
        const outcome = await analyzeVideo({ input: video, fps: loaded.scene.fps, zones: loaded.scene.zones, ...(workers === undefined ? {} : { detectorWorkers: workers }) });
        const score = matchCases(loaded.expected, outcome.reports);
        rows.set(index, {
          scene: loaded.scene.name,
          condition,
          video,
          expected: loaded.expected,
          score,
          tallies: tallyByRule(score),
          agentSummary: outcome.summary,
          analyseWallS: Math.round(outcome.wallS * 10) / 10,
        });
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, jobs.length)) }, () => worker()));
  if (failure !== undefined) throw failure;

  const done = rows.all();
  const summary: Record<string, RuleTallies> = {};
  for (const condition of options.conditions) {
    summary[condition] = done.filter((r) => r.condition === condition).reduce((sum, r) => addTallies(sum, r.tallies), emptyTallies());
  }
  return { rows: done, summary, conditions: [...options.conditions], wallS: Math.round((performance.now() - started) / 100) / 10 };
}


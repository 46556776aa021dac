import type { InferenceSession } from 'onnxruntime-node';
import { ModelError, type ModelManifest } from '../models/model-manifest.js';
import { expectedOutputShape } from './decode-output.js';

type Shape = readonly (number | string)[];

/**
 * Compares what the ONNX file declares with what the manifest promises, so a wrong export
 * fails at start with both shapes named instead of decoding garbage at the first frame.
 */
export function checkSessionAgainstManifest(session: Pick<InferenceSession, 'inputMetadata' | 'outputMetadata'>, manifest: ModelManifest, path: string): void {
  const problems: string[] = [];
  const wantIn: (number | null)[] = [null, 3, manifest.input.height, manifest.input.width];
  const wantOut = expectedOutputShape(manifest);
  checkValue(session.inputMetadata, 'input', manifest.input.name, wantIn, problems);
  checkValue(session.outputMetadata, 'output', manifest.output.name, wantOut, problems);
  if (problems.length > 0) {
    throw new ModelError(`model file ${path} does not match manifest ${manifest.name} (format ${manifest.format}): ${problems.join('; ')}`);
  }
}

function checkValue(values: readonly InferenceSession.ValueMetadata[], kind: string, name: string, want: readonly (number | null)[], problems: string[]): void {
  const value = values.find((v) => v.name === name);
  const expected = `float32 [${want.map((d) => d ?? 'any').join(', ')}]`;
  if (!value) {
    problems.push(`expected ${kind} "${name}" ${expected}, the model has ${kind}s ${values.map((v) => `"${v.name}"`).join(', ') || 'none'}`);
    return;
  }
  if (!value.isTensor) {
    problems.push(`expected ${kind} "${name}" to be a tensor ${expected}`);
    return;
  }
  if (value.type !== 'float32' || !shapeFits(value.shape, want)) {
    problems.push(`expected ${kind} "${name}" ${expected}, found ${value.type} [${value.shape.join(', ')}]`);
  }
}

/** A symbolic dimension ("batch", "N") fits anything; a number must equal the wanted size. */
function shapeFits(shape: Shape, want: readonly (number | null)[]): boolean {
  if (shape.length === 0) return true;
  if (shape.length !== want.length) return false;
  return shape.every((d, i) => typeof d === 'string' || d < 0 || want[i] === null || want[i] === d);
}

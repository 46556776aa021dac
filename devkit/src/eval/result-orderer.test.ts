import { describe, expect, it } from 'vitest';
import { ResultOrderer } from './result-orderer.js';

describe('result orderer', () => {
  it.each([
    ['in order', [0, 1, 2, 3]],
    ['reversed', [3, 2, 1, 0]],
    ['as two analyses side by side finish them', [1, 0, 3, 2]],
    ['with the first one last', [1, 2, 3, 0]],
  ])('hands results on in index order when they arrive %s', (_, arrivals) => {
    const seen: string[] = [];
    const orderer = new ResultOrderer<string>(4, (row) => seen.push(row));
    for (const i of arrivals) orderer.set(i, `row ${i}`);
    expect(seen).toEqual(['row 0', 'row 1', 'row 2', 'row 3']);
    expect(orderer.all()).toEqual(seen);
  });

  it('collects results without a listener (it used to loop forever without one)', () => {
    const orderer = new ResultOrderer<number>(3);
    orderer.set(2, 20);
    orderer.set(0, 0);
    orderer.set(1, 10);
    expect(orderer.all()).toEqual([0, 10, 20]);
  });

  it('refuses a result set twice and reports one that never came', () => {
    const orderer = new ResultOrderer<number>(2);
    orderer.set(0, 1);
    expect(() => orderer.set(0, 2)).toThrow('result 0 is out of range or already set');
    expect(() => orderer.all()).toThrow('result 1 of 2 is missing');
  });
});

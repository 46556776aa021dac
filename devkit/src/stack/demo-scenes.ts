import { composeScene } from '../scenes/compose-scene.js';
import { parkingScene } from '../scenes/standard-scenes.js';
import { fixturePath } from '../paths.js';

export interface DemoCamera {
  id: string;
  name: string;
  mount: string;
  file: string;
  zones: unknown[];
}

/**
 * The demo's two cameras, each a loop with a violation in it:
 * - a car drives into a no-parking zone, stays 45 s and leaves (grace 20 s);
 * - on a real sidewalk (ABODA video 4) a man sets a bag down and walks away (grace 8 s).
 */
export async function demoCameras(): Promise<DemoCamera[]> {
  const parking = await composeScene(parkingScene({ name: 'demo-parking', stop: { x: 300, y: 200 }, arriveAt: 2, staySeconds: 45, tailSeconds: 5 }));
  return [
    {
      id: 'cam-parking',
      name: 'Bãi đỗ — cổng sau UBND',
      mount: 'parking',
      file: parking,
      zones: [
        {
          id: 'no-parking-gate',
          name: 'Lối vào cổng sau',
          polygon: [[0.3, 0.45], [0.78, 0.45], [0.78, 0.97], [0.3, 0.97]],
          rules: [{ type: 'illegal_parking', graceSeconds: 20 }],
        },
      ],
    },
    {
      id: 'cam-sidewalk',
      name: 'Vỉa hè Hàng Bài',
      mount: 'sidewalk',
      file: fixturePath('sidewalk-bag-left.avi'),
      zones: [
        {
          id: 'sidewalk-east',
          name: 'Vỉa hè cạnh tủ điện',
          polygon: [[0.45, 0.55], [0.8, 0.55], [0.8, 0.98], [0.45, 0.98]],
          rules: [{ type: 'littering', graceSeconds: 8 }],
        },
      ],
    },
  ];
}

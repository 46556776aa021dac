// Runs the devkit's ONVIF simulator as its own process (inside a network namespace a test made):
// argv[2] is its options as JSON. Prints "READY <json>" once it answers; SIGTERM stops it.
import { startOnvifSimulator, type OnvifSimulatorOptions } from '@wardwatch/devkit';

const options = JSON.parse(process.argv[2] ?? '{}') as OnvifSimulatorOptions;
const camera = await startOnvifSimulator(options);
process.stdout.write(`READY ${JSON.stringify({ endpoint: camera.endpoint, deviceUrl: camera.deviceUrl })}\n`);
process.once('SIGTERM', () => void camera.stop().then(() => process.exit(0)));

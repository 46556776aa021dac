import { splitCredentials, type DiscoveredCamera, type DiscoveredProfile } from '@wardwatch/contracts';
import { listMediaProfiles, OnvifError, suggestStreams, type MediaProfile } from './onvif-media.js';
import type { Login } from './soap.js';
import { probeOnvifDevices, type ProbeTarget } from './ws-discovery.js';

export interface FindCamerasOptions {
  targets: readonly ProbeTarget[];
  timeoutMs: number;
  /** With a login each camera's streams are listed too. */
  login?: Login | undefined;
}

/** `host` or `host:port` as the CLI and the console give it; undefined when it is neither. */
export function parseProbeTarget(value: string): ProbeTarget | undefined {
  const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) return undefined;
  return { host: m[1]!, ...(port === undefined ? {} : { port }) };
}

/**
 * What `edge-agent discover` and the installer's "Find cameras" show: the ONVIF cameras that
 * answer a WS-Discovery probe and, with their login, each one's streams and the two an installer
 * would pick. A camera that refuses the login is still listed, with the reason.
 */
export async function findOnvifCameras(options: FindCamerasOptions): Promise<DiscoveredCamera[]> {
  const devices = await probeOnvifDevices({ targets: [...options.targets], timeoutMs: options.timeoutMs });
  const cameras: DiscoveredCamera[] = [];
  for (const device of devices) {
    const found: DiscoveredCamera = {
      endpoint: device.endpoint,
      address: device.from,
      deviceUrl: device.xaddrs[0]!,
      ...(device.name === undefined ? {} : { name: device.name }),
      ...(device.hardware === undefined ? {} : { hardware: device.hardware }),
    };
    if (!options.login) {
      cameras.push(found);
      continue;
    }
    try {
      const profiles = (await listMediaProfiles(found.deviceUrl, options.login)).map(cleanProfile);
      const suggested = suggestStreams(profiles);
      cameras.push({ ...found, profiles, ...(suggested ? { suggested } : {}) });
    } catch (error) {
      if (!(error instanceof OnvifError)) throw error;
      cameras.push({ ...found, problem: error.message, problemKind: error.kind });
    }
  }
  return cameras;
}

/** Sizes a camera did not fill in read 0; a stream URL some cameras answer with the login in it loses it. */
function cleanProfile(profile: MediaProfile): DiscoveredProfile {
  const size = (n: number) => (Number.isInteger(n) && n > 0 ? n : 0);
  const { fps, ...rest } = profile;
  return { ...rest, width: size(profile.width), height: size(profile.height), rtspUrl: splitCredentials(profile.rtspUrl).url, ...(fps === undefined ? {} : { fps }) };
}

import { splitCredentials, type DiscoveredCamera, type DiscoveredProfile } from '@wardwatch/contracts';
import { listMediaProfiles, OnvifError, suggestStreams, type MediaProfile } from './onvif-media.js';
import type { Login } from './soap.js';
import { defaultInterfaces, probeOnvifDevices, type ProbeTarget } from './ws-discovery.js';

export interface FindCamerasOptions {
  targets: readonly ProbeTarget[];
  timeoutMs: number;
  /** With a login each camera's streams are listed too. */
  login?: Login | undefined;
}

/** `host` or `host:port` as the CLI and the console give it; undefined when it is neither. */
function parseProbeTarget(value: string): ProbeTarget | undefined {
  const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) return undefined;
  return { host: m[1]!, ...(port === undefined ? {} : { port }) };
}

/**
 * Where a search goes: each address by unicast, then multicast out of `interfaces` (by default
 * every interface with an IPv4 address, but only when no address was given). Empty when there is
 * nowhere to search; `bad` names an address that is not HOST or HOST:PORT.
 */
export function searchTargets(addresses: readonly string[], interfaces?: readonly string[]): { targets: ProbeTarget[] } | { bad: string } {
  const targets: ProbeTarget[] = [];
  for (const value of addresses) {
    const target = parseProbeTarget(value);
    if (!target) return { bad: value };
    targets.push(target);
  }
  for (const name of interfaces ?? (targets.length > 0 ? [] : defaultInterfaces())) targets.push({ interface: name });
  return { targets };
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

import { at, envelope, list, parseXml, text, xmlText, type Login } from './soap.js';

/** One media profile of a camera: what an installer picks a stream by. */
export interface MediaProfile {
  token: string;
  name: string;
  /** As the camera names it: H264, H265, JPEG... */
  codec: string;
  width: number;
  height: number;
  fps: number | undefined;
  /** The profile's RTSP URL (without the login, which the installer adds). */
  rtspUrl: string;
}

/** The camera answered, but not with what ONVIF promises; or refused the login. */
export class OnvifError extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'unreachable' | 'bad_answer',
    message: string,
  ) {
    super(message);
    this.name = 'OnvifError';
  }
}

const DEVICE_NS = 'http://www.onvif.org/ver10/device/wsdl';
const MEDIA_NS = 'http://www.onvif.org/ver10/media/wsdl';
const SCHEMA_NS = 'http://www.onvif.org/ver10/schema';

async function call(url: string, body: string, login: Login | undefined, timeoutMs: number): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: envelope(body, login),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new OnvifError('unreachable', `no answer from ${new URL(url).host}: ${(error as Error).message}`);
  }
  const xml = await response.text();
  let doc: Record<string, unknown>;
  try {
    doc = parseXml(xml);
  } catch {
    throw new OnvifError('bad_answer', `${new URL(url).host} did not answer in SOAP (HTTP ${response.status})`);
  }
  const fault = at(doc, 'Envelope', 'Body', 'Fault');
  if (fault !== undefined || !response.ok) {
    const subcode = text(at(fault, 'Code', 'Subcode', 'Value')) ?? text(at(fault, 'Code', 'Subcode', 'Subcode', 'Value')) ?? '';
    const reason = text(at(fault, 'Reason', 'Text')) ?? `HTTP ${response.status}`;
    if (response.status === 401 || /NotAuthorized|FailedAuthentication|InvalidSecurity/i.test(`${subcode} ${reason}`)) {
      throw new OnvifError('unauthorized', 'the camera rejected the user name or password');
    }
    throw new OnvifError('bad_answer', `the camera refused the request: ${reason}`);
  }
  return at(doc, 'Envelope', 'Body') as Record<string, unknown>;
}

/** The media service's address, from the device service (GetCapabilities, which every ONVIF camera has). */
async function mediaServiceUrl(deviceUrl: string, login: Login | undefined, timeoutMs: number): Promise<string> {
  const body = await call(deviceUrl, `<GetCapabilities xmlns="${DEVICE_NS}"><Category>Media</Category></GetCapabilities>`, login, timeoutMs);
  const xaddr = text(at(body, 'GetCapabilitiesResponse', 'Capabilities', 'Media', 'XAddr'));
  if (!xaddr) throw new OnvifError('bad_answer', 'the camera lists no media service');
  return xaddr;
}

/**
 * The camera's media profiles with their RTSP URLs: the sub-stream for detection and the main
 * stream for evidence are two of them. `deviceUrl` is an XAddr from discovery.
 */
export async function listMediaProfiles(deviceUrl: string, login: Login | undefined, timeoutMs = 5_000): Promise<MediaProfile[]> {
  const media = await mediaServiceUrl(deviceUrl, login, timeoutMs);
  const body = await call(media, `<GetProfiles xmlns="${MEDIA_NS}"/>`, login, timeoutMs);
  const profiles: MediaProfile[] = [];
  for (const profile of list(at(body, 'GetProfilesResponse', 'Profiles'))) {
    const token = (profile as Record<string, unknown>)['@token'];
    const encoder = at(profile, 'VideoEncoderConfiguration');
    if (typeof token !== 'string' || encoder === undefined) continue;
    const streamBody = await call(
      media,
      `<GetStreamUri xmlns="${MEDIA_NS}"><StreamSetup><Stream xmlns="${SCHEMA_NS}">RTP-Unicast</Stream><Transport xmlns="${SCHEMA_NS}"><Protocol>RTSP</Protocol></Transport></StreamSetup><ProfileToken>${xmlText(token)}</ProfileToken></GetStreamUri>`,
      login,
      timeoutMs,
    );
    const uri = text(at(streamBody, 'GetStreamUriResponse', 'MediaUri', 'Uri'));
    if (!uri) continue;
    const fps = Number(text(at(encoder, 'RateControl', 'FrameRateLimit')));
    profiles.push({
      token,
      name: text(at(profile, 'Name')) ?? token,
      codec: text(at(encoder, 'Encoding')) ?? 'unknown',
      width: Number(text(at(encoder, 'Resolution', 'Width')) ?? 0),
      height: Number(text(at(encoder, 'Resolution', 'Height')) ?? 0),
      fps: Number.isFinite(fps) && fps > 0 ? fps : undefined,
      rtspUrl: uri,
    });
  }
  return profiles;
}

/** Detection wants the smallest H.264 stream (cheap to decode); evidence the largest. */
export function suggestStreams(profiles: readonly Pick<MediaProfile, 'token' | 'codec' | 'width' | 'height'>[]): { detect: string; record: string } | undefined {
  if (profiles.length === 0) return undefined;
  const bySize = [...profiles].sort((a, b) => a.width * a.height - b.width * b.height);
  const detect = bySize.find((p) => /^h\.?264$/i.test(p.codec)) ?? bySize[0]!;
  return { detect: detect.token, record: bySize.at(-1)!.token };
}

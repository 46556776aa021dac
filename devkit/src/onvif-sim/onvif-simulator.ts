import { createHash, randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

/** One media profile the simulated camera offers, pointing at an RTSP stream (the RTSP simulator's). */
export interface SimulatedProfile {
  token: string;
  name: string;
  codec: 'H264' | 'H265';
  width: number;
  height: number;
  fps: number;
  rtspUrl: string;
}

export interface OnvifSimulatorOptions {
  host?: string;
  /** UDP port of the WS-Discovery responder (default: a free one; 3702 inside a test's own network namespace). */
  discoveryPort?: number;
  /** Also join the WS-Discovery multicast group on this interface address (only inside a namespace a test made). */
  multicastInterface?: string;
  name: string;
  hardware: string;
  login: { user: string; password: string };
  profiles: SimulatedProfile[];
}

export interface OnvifSimulator {
  readonly host: string;
  readonly discoveryPort: number;
  /** The device service address it announces. */
  readonly deviceUrl: string;
  readonly endpoint: string;
  /** Probes answered so far. */
  readonly probes: number;
  stop(): Promise<void>;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });
const ENV = 'http://www.w3.org/2003/05/soap-envelope';

function get(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (node !== null && typeof node === 'object' && '#text' in node) return String((node as Record<string, unknown>)['#text']);
  return undefined;
}

function soap(body: string, header = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${ENV}" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">${header ? `<s:Header>${header}</s:Header>` : ''}<s:Body>${body}</s:Body></s:Envelope>`;
}

const NOT_AUTHORIZED = soap(
  '<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value xmlns:ter="http://www.onvif.org/ver10/error">ter:NotAuthorized</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">Sender not Authorized</s:Text></s:Reason></s:Fault>',
);

/** True when the request's UsernameToken carries this login's password digest. */
function authorized(envelope: unknown, login: { user: string; password: string }): boolean {
  const token = get(envelope, 'Envelope', 'Header', 'Security', 'UsernameToken');
  const user = textOf(get(token, 'Username'));
  const digest = textOf(get(token, 'Password'));
  const nonce = textOf(get(token, 'Nonce'));
  const created = textOf(get(token, 'Created'));
  if (user !== login.user || !digest || !nonce || !created) return false;
  const expected = createHash('sha1').update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created), Buffer.from(login.password)])).digest('base64');
  return expected === digest;
}

/**
 * An ONVIF camera for tests and the devkit: a WS-Discovery responder (UDP) that answers Probe
 * for NetworkVideoTransmitter, and the device and media services (HTTP/SOAP) with GetCapabilities,
 * GetProfiles and GetStreamUri behind WS-Security password-digest login. Its profiles point at
 * real RTSP streams, so what discovery finds can be played.
 */
export async function startOnvifSimulator(options: OnvifSimulatorOptions): Promise<OnvifSimulator> {
  const host = options.host ?? '127.0.0.1';
  const endpoint = `urn:uuid:${randomUUID()}`;
  let probes = 0;
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, xml: string) => {
        res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' });
        res.end(xml);
      };
      let doc: unknown;
      try {
        doc = parser.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, soap('<s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en">not XML</s:Text></s:Reason></s:Fault>'));
      }
      if (!authorized(doc, options.login)) return reply(400, NOT_AUTHORIZED);
      const body = get(doc, 'Envelope', 'Body') as Record<string, unknown> | undefined;
      const base = `http://${host}:${(http.address() as AddressInfo).port}`;
      if (req.url === '/onvif/device_service' && body && 'GetCapabilities' in body) {
        return reply(200, soap(`<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Media><tt:XAddr>${base}/onvif/media_service</tt:XAddr></tt:Media></tds:Capabilities></tds:GetCapabilitiesResponse>`));
      }
      if (req.url === '/onvif/media_service' && body && 'GetProfiles' in body) {
        const profiles = options.profiles.map(
          (p) =>
            `<trt:Profiles token="${p.token}" fixed="true"><tt:Name>${p.name}</tt:Name><tt:VideoEncoderConfiguration token="enc-${p.token}"><tt:Name>${p.name}</tt:Name>` +
            `<tt:Encoding>${p.codec}</tt:Encoding><tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution>` +
            `<tt:RateControl><tt:FrameRateLimit>${p.fps}</tt:FrameRateLimit><tt:BitrateLimit>2048</tt:BitrateLimit></tt:RateControl></tt:VideoEncoderConfiguration></trt:Profiles>`,
        );
        return reply(200, soap(`<trt:GetProfilesResponse>${profiles.join('')}</trt:GetProfilesResponse>`));
      }
      if (req.url === '/onvif/media_service' && body && 'GetStreamUri' in body) {
        const token = textOf(get(body, 'GetStreamUri', 'ProfileToken'));
        const profile = options.profiles.find((p) => p.token === token);
        if (!profile) return reply(400, soap('<s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en">no such profile</s:Text></s:Reason></s:Fault>'));
        return reply(200, soap(`<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${profile.rtspUrl}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`));
      }
      return reply(400, soap('<s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en">action not supported</s:Text></s:Reason></s:Fault>'));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, host, resolve));
  const deviceUrl = `http://${host}:${(http.address() as AddressInfo).port}/onvif/device_service`;

  const udp: Socket = createSocket({ type: 'udp4', reuseAddr: true });
  udp.on('message', (data, remote) => {
    let doc: unknown;
    try {
      doc = parser.parse(data.toString('utf8'));
    } catch {
      return;
    }
    const messageId = textOf(get(doc, 'Envelope', 'Header', 'MessageID'));
    if (!messageId || get(doc, 'Envelope', 'Body', 'Probe') === undefined) return;
    probes++;
    const scopes = [`onvif://www.onvif.org/name/${encodeURIComponent(options.name)}`, `onvif://www.onvif.org/hardware/${encodeURIComponent(options.hardware)}`, 'onvif://www.onvif.org/type/video_encoder'];
    const answer =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<e:Envelope xmlns:e="${ENV}" xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">` +
      `<e:Header><w:MessageID>urn:uuid:${randomUUID()}</w:MessageID><w:RelatesTo>${messageId}</w:RelatesTo><w:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</w:To>` +
      '<w:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</w:Action></e:Header>' +
      `<e:Body><d:ProbeMatches><d:ProbeMatch><w:EndpointReference><w:Address>${endpoint}</w:Address></w:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types>` +
      `<d:Scopes>${scopes.join(' ')}</d:Scopes><d:XAddrs>${deviceUrl}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>`;
    udp.send(Buffer.from(answer), remote.port, remote.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind({ port: options.discoveryPort ?? 0, address: options.multicastInterface ? '0.0.0.0' : host }, () => resolve());
  });
  if (options.multicastInterface) udp.addMembership('239.255.255.250', options.multicastInterface);
  const discoveryPort = udp.address().port;

  return {
    host,
    discoveryPort,
    deviceUrl,
    endpoint,
    get probes() {
      return probes;
    },
    async stop() {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

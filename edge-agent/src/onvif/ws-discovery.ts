import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import { at, list, newMessageId, parseXml, text } from './soap.js';

/** WS-Discovery's multicast group and port (ONVIF Core, section 7). */
export const DISCOVERY_ADDRESS = '239.255.255.250';
export const DISCOVERY_PORT = 3702;

export interface DiscoveredDevice {
  /** The device's endpoint reference (a stable `urn:uuid:...`). */
  endpoint: string;
  /** Device service addresses (`http://10.0.0.21/onvif/device_service`). */
  xaddrs: string[];
  /** From the ONVIF scopes: the name and hardware the installer sees on the box. */
  name?: string;
  hardware?: string;
  /** Who answered (an address, not a URL). */
  from: string;
}

/** Where a probe goes: multicast out of an interface, or unicast to one host (a known camera, a simulator). */
export type ProbeTarget = { interface: string } | { host: string; port?: number };

export interface ProbeOptions {
  targets: ProbeTarget[];
  /** How long to collect answers; cameras answer within a random 0-500 ms (the spec's APP_MAX_DELAY). */
  timeoutMs?: number;
}

/** Every non-loopback interface with an IPv4 address: where an installer expects cameras to be found. */
export function defaultInterfaces(): string[] {
  return Object.entries(networkInterfaces())
    .filter(([, addresses]) => (addresses ?? []).some((a) => a.family === 'IPv4' && !a.internal))
    .map(([name]) => name);
}

function probeMessage(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    `<e:Header><w:MessageID>${messageId}</w:MessageID><w:To e:mustUnderstand="true">urn:schemas-xmlsoap-org:ws:2005:04:discovery</w:To>` +
    '<w:Action e:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</w:Action></e:Header>' +
    '<e:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></e:Body></e:Envelope>'
  );
}

/** A ProbeMatches answer to our probe, or undefined for anything else (other probes, Hello, noise). */
export function parseProbeMatches(xml: string, messageId: string, from: string): DiscoveredDevice[] {
  let doc: Record<string, unknown>;
  try {
    doc = parseXml(xml);
  } catch {
    return [];
  }
  if (text(at(doc, 'Envelope', 'Header', 'RelatesTo')) !== messageId) return [];
  return list(at(doc, 'Envelope', 'Body', 'ProbeMatches', 'ProbeMatch')).flatMap((match) => {
    const endpoint = text(at(match, 'EndpointReference', 'Address'));
    const xaddrs = (text(at(match, 'XAddrs')) ?? '').split(/\s+/).filter((x) => /^https?:\/\//i.test(x));
    if (!endpoint || xaddrs.length === 0) return [];
    const scopes = (text(at(match, 'Scopes')) ?? '').split(/\s+/);
    const scope = (kind: string) => {
      const found = scopes.find((s) => s.startsWith(`onvif://www.onvif.org/${kind}/`));
      return found === undefined ? undefined : decodeURIComponent(found.slice(`onvif://www.onvif.org/${kind}/`.length));
    };
    const name = scope('name');
    const hardware = scope('hardware');
    return [{ endpoint, xaddrs, ...(name ? { name } : {}), ...(hardware ? { hardware } : {}), from }];
  });
}

function interfaceAddress(name: string): string {
  const address = (networkInterfaces()[name] ?? []).find((a) => a.family === 'IPv4' && !a.internal);
  if (!address) throw new Error(`interface ${name} has no IPv4 address (interfaces: ${defaultInterfaces().join(', ') || 'none'})`);
  return address.address;
}

/**
 * Sends one WS-Discovery Probe for ONVIF video transmitters to each target and collects the
 * answers for `timeoutMs` (or until every address probed by unicast answered, when no interface
 * is), one entry per device (a camera seen on two interfaces is one). A host name that does not
 * resolve is an error that names it.
 */
export async function probeOnvifDevices(options: ProbeOptions): Promise<DiscoveredDevice[]> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const messageId = newMessageId();
  const message = Buffer.from(probeMessage(messageId), 'utf8');
  const found = new Map<string, DiscoveredDevice>();
  const sockets: Socket[] = [];
  // Probed only by unicast, the search is over once every address answered: no need to wait out
  // the timeout. Counted against all the targets, not the ones sent so far: an early answer must
  // not end a search whose other addresses are still being looked up.
  const awaited = options.targets.every((t) => !('interface' in t)) ? options.targets.length : Number.POSITIVE_INFINITY;
  const answered = new Set<Socket>();
  let allAnswered: () => void = () => undefined;
  const answeredAll = new Promise<void>((resolve) => (allAnswered = resolve));
  try {
    for (const target of options.targets) {
      const socket = createSocket({ type: 'udp4', reuseAddr: true });
      sockets.push(socket);
      socket.on('message', (data, remote) => {
        const devices = parseProbeMatches(data.toString('utf8'), messageId, remote.address);
        for (const device of devices) if (!found.has(device.endpoint)) found.set(device.endpoint, device);
        if (devices.length > 0 && answered.add(socket).size >= awaited) allAnswered();
      });
      socket.on('error', () => undefined);
      if ('interface' in target) {
        const address = interfaceAddress(target.interface);
        await new Promise<void>((resolve, reject) => socket.bind({ address, port: 0 }, resolve).once('error', reject));
        socket.setMulticastInterface(address);
        socket.setMulticastTTL(1);
        socket.send(message, DISCOVERY_PORT, DISCOVERY_ADDRESS);
      } else {
        const address = await lookup(target.host, { family: 4 }).then(
          (r) => r.address,
          () => Promise.reject(new Error(`cannot find the address of "${target.host}" (no such host name on this network)`)),
        );
        await new Promise<void>((resolve, reject) => socket.bind({ port: 0 }, resolve).once('error', reject));
        socket.send(message, target.port ?? DISCOVERY_PORT, address);
      }
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))), answeredAll]);
    clearTimeout(timer);
  } finally {
    for (const socket of sockets) socket.close();
  }
  return [...found.values()];
}

import { describe, expect, it } from 'vitest';
import { suggestStreams } from './onvif-media.js';
import { parseProbeMatches } from './ws-discovery.js';

// An answer shaped like a Hikvision camera's (SOAP-ENV / wsa / d prefixes, two XAddrs, one IPv6).
const ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:wsadis="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">
<env:Header><wsadis:MessageID>urn:uuid:aaaa</wsadis:MessageID><wsadis:RelatesTo>uuid:probe-1</wsadis:RelatesTo>
<wsadis:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsadis:Action></env:Header>
<env:Body><d:ProbeMatches><d:ProbeMatch><wsadis:EndpointReference><wsadis:Address>urn:uuid:4419a3e2-cam</wsadis:Address></wsadis:EndpointReference>
<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>
<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/C%E1%BB%95ng%20sau onvif://www.onvif.org/hardware/DS-2CD2043G2-I</d:Scopes>
<d:XAddrs>http://192.168.1.64/onvif/device_service http://[fe80::1]/onvif/device_service</d:XAddrs><d:MetadataVersion>10</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>`;

describe('WS-Discovery answers', () => {
  it('reads a camera from a ProbeMatches answer to our probe, whatever its prefixes', () => {
    expect(parseProbeMatches(ANSWER, 'uuid:probe-1', '192.168.1.64')).toEqual([
      { endpoint: 'urn:uuid:4419a3e2-cam', xaddrs: ['http://192.168.1.64/onvif/device_service', 'http://[fe80::1]/onvif/device_service'], name: 'Cổng sau', hardware: 'DS-2CD2043G2-I', from: '192.168.1.64' },
    ]);
  });

  it('ignores answers to another probe and anything that is not XML', () => {
    expect(parseProbeMatches(ANSWER, 'uuid:someone-else', '192.168.1.64')).toEqual([]);
    expect(parseProbeMatches('not <xml', 'uuid:probe-1', '192.168.1.64')).toEqual([]);
  });
});

describe('suggestStreams', () => {
  const profile = (token: string, codec: string, width: number, height: number) => ({ token, name: token, codec, width, height, fps: 25, rtspUrl: `rtsp://cam/${token}` });
  it('detects on the smallest H.264 stream and records the largest', () => {
    expect(suggestStreams([profile('main', 'H265', 2560, 1440), profile('sub', 'H264', 640, 360), profile('third', 'JPEG', 320, 240)])).toEqual({ detect: 'sub', record: 'main' });
    expect(suggestStreams([profile('only', 'H265', 1920, 1080)])).toEqual({ detect: 'only', record: 'only' });
    expect(suggestStreams([])).toBeUndefined();
  });
});

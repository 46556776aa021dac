import { describe, expect, it } from 'vitest';
import { InvalidInput } from './errors.js';
import { joinCredentials, splitCredentials } from '@wardwatch/contracts';
import { originOf, passwordOf, splitForStorage } from './stream-credentials.js';

describe('camera URL credentials', () => {
  it.each([
    ['rtsp://admin:Adm1n@secret@10.0.0.5/sub', 'rtsp://10.0.0.5/sub', 'admin:Adm1n@secret'],
    ['rtsp://admin:p%40ss@10.0.0.5:554/Streaming/Channels/102?transport=tcp', 'rtsp://10.0.0.5:554/Streaming/Channels/102?transport=tcp', 'admin:p%40ss'],
    ['rtsp://viewer@cam.local/live', 'rtsp://cam.local/live', 'viewer'],
    ['rtsp://admin:a:b:c@10.0.0.5', 'rtsp://10.0.0.5', 'admin:a:b:c'],
    ['rtsp://admin:Pa#ss@10.0.0.5/sub', 'rtsp://10.0.0.5/sub', 'admin:Pa#ss'],
    ['rtsp://admin:Pa#s?w@rd@10.0.0.5:554/sub?channel=1#x', 'rtsp://10.0.0.5:554/sub?channel=1#x', 'admin:Pa#s?w@rd'],
    ['rtsp://admin:?#@[fe80::1]:554', 'rtsp://[fe80::1]:554', 'admin:?#'],
    ['rtsp://10.0.0.5/sub', 'rtsp://10.0.0.5/sub', null],
    ['rtsp://10.0.0.5/path@with-at', 'rtsp://10.0.0.5/path@with-at', null],
    ['http://u:p@cam/snap?x=a@b', 'http://cam/snap?x=a@b', 'u:p'],
    ['/srv/demo/parking.mp4', '/srv/demo/parking.mp4', null],
    ['file:///srv/demo/parking.mp4', 'file:///srv/demo/parking.mp4', null],
  ])('%s splits into %s and its login', (input, url, userinfo) => {
    expect(splitCredentials(input)).toEqual({ url, userinfo });
    expect(joinCredentials(url, userinfo)).toBe(input);
  });

  it('a URL without a login is joined unchanged, and the password is what follows the first colon', () => {
    expect(joinCredentials('rtsp://10.0.0.5/sub', null)).toBe('rtsp://10.0.0.5/sub');
    expect(passwordOf('admin:Adm1n@secret')).toBe('Adm1n@secret');
    expect(passwordOf('viewer')).toBeNull();
  });

  it.each([
    ['rtsp://admin:a/b@10.0.0.5/sub'],
    ['http://cam/snap?src=rtsp://admin:pw@10.0.0.6/sub'],
  ])('%s still looks like it carries a login once split, so it is refused without repeating it', (url) => {
    expect(() => splitForStorage(url, 'detect.url')).toThrow(InvalidInput);
    try {
      splitForStorage(url, 'detect.url');
    } catch (error) {
      expect((error as Error).message).toMatch(/^the stream address was refused: detect\.url: /);
      expect((error as Error).message).not.toContain('pw');
      expect((error as Error).message).not.toContain('a/b');
    }
  });

  it('a URL that splits cleanly is stored as split; its origin is scheme, host and port, login left out', () => {
    expect(splitForStorage('rtsp://admin:Pa#s?w@rd@10.0.0.5/sub', 'detect.url')).toEqual({ url: 'rtsp://10.0.0.5/sub', userinfo: 'admin:Pa#s?w@rd' });
    expect(splitForStorage('/srv/demo/parking.mp4', 'detect.url')).toEqual({ url: '/srv/demo/parking.mp4', userinfo: null });
    expect(originOf('rtsp://admin:pw@CAM.local:554/sub?x=1')).toBe('rtsp://cam.local:554');
    expect(originOf('rtsp://cam.local:554?x=1')).toBe('rtsp://cam.local:554');
    expect(originOf('rtsp://cam.local/sub')).not.toBe(originOf('rtsp://cam.local:8554/sub'));
    expect(originOf('/srv/demo/parking.mp4')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { joinCredentials, passwordOf, splitCredentials } from './stream-credentials.js';

describe('camera URL credentials', () => {
  it.each([
    ['rtsp://admin:Adm1n@secret@10.0.0.5/sub', 'rtsp://10.0.0.5/sub', 'admin:Adm1n@secret'],
    ['rtsp://admin:p%40ss@10.0.0.5:554/Streaming/Channels/102?transport=tcp', 'rtsp://10.0.0.5:554/Streaming/Channels/102?transport=tcp', 'admin:p%40ss'],
    ['rtsp://viewer@cam.local/live', 'rtsp://cam.local/live', 'viewer'],
    ['rtsp://admin:a:b:c@10.0.0.5', 'rtsp://10.0.0.5', 'admin:a:b:c'],
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
});

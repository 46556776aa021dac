#!/usr/bin/python3
"""RTSP camera simulator for WardWatch tests and the demo.

Serves each H.264 MP4 given with --mount NAME=FILE at rtsp://HOST:PORT/NAME, looping forever with
continuous timestamps (a real camera never restarts its clock), paced in real time. Optional RTSP
basic auth (--user/--password) lets tests see a genuine 401. Prints "READY <port>" on stdout once
it listens; SIGTERM/SIGINT stop it. Run with /usr/bin/python3 (Debian's python3-gi).
"""
import argparse
import os
import signal
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


class Looper:
    """Turns end-of-file into a seek back to 0 that downstream never notices.

    A probe on the demuxer's video pad drops EOS and the seek's flushes, and re-bases the new
    segment so that running time (and so the RTP timestamps) keeps counting up. The seek runs on
    the main loop: a flushing seek from the streaming thread would wait on itself."""

    def __init__(self, demux, peer):
        self.demux = demux
        self.peer = peer
        self.base = 0
        self.pass_end = 0
        self.looping = False

    def probe(self, _pad, info):
        if info.type & Gst.PadProbeType.BUFFER:
            buf = info.get_buffer()
            ts = buf.pts if buf.pts != Gst.CLOCK_TIME_NONE else buf.dts
            if ts != Gst.CLOCK_TIME_NONE:
                end = ts + (buf.duration if buf.duration != Gst.CLOCK_TIME_NONE else 0)
                self.pass_end = max(self.pass_end, end)
            return Gst.PadProbeReturn.OK
        event = info.get_event()
        kind = event.type
        if kind == Gst.EventType.EOS:
            self.looping = True
            self.base += self.pass_end
            self.pass_end = 0
            GLib.idle_add(self.rewind)
            return Gst.PadProbeReturn.DROP
        if not self.looping:
            return Gst.PadProbeReturn.OK
        if kind == Gst.EventType.SEGMENT:
            segment = event.parse_segment()
            segment.base = self.base
            self.peer.send_event(Gst.Event.new_segment(segment))
            return Gst.PadProbeReturn.DROP
        if kind in (Gst.EventType.FLUSH_START, Gst.EventType.FLUSH_STOP, Gst.EventType.STREAM_START):
            return Gst.PadProbeReturn.DROP
        return Gst.PadProbeReturn.OK

    def rewind(self):
        self.demux.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, 0)
        return False


class LoopingFactory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, path):
        super().__init__()
        self.path = path
        self.set_shared(False)

    def do_create_element(self, url):
        bin_ = Gst.Bin.new('loop')
        src = Gst.ElementFactory.make('filesrc')
        src.set_property('location', self.path)
        demux = Gst.ElementFactory.make('qtdemux')
        parse = Gst.ElementFactory.make('h264parse')
        pay = Gst.ElementFactory.make('rtph264pay', 'pay0')
        pay.set_property('pt', 96)
        # SPS/PPS before every key frame so a client that joins late can decode at once.
        pay.set_property('config-interval', -1)
        for element in (src, demux, parse, pay):
            bin_.add(element)
        src.link(demux)
        parse.link(pay)
        looper = Looper(demux, parse.get_static_pad('sink'))

        def on_pad(_demux, pad):
            if not pad.get_name().startswith('video') or parse.get_static_pad('sink').is_linked():
                return
            pad.add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.EVENT_DOWNSTREAM | Gst.PadProbeType.EVENT_FLUSH, looper.probe)
            pad.link(parse.get_static_pad('sink'))

        demux.connect('pad-added', on_pad)
        return bin_


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--mount', action='append', default=[], help='NAME=FILE (H.264 in MP4)')
    parser.add_argument('--user')
    parser.add_argument('--password')
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    for spec in args.mount:
        name, _, path = spec.partition('=')
        if not name or not os.path.isfile(path):
            print(f'bad --mount {spec!r}: expected NAME=FILE with an existing file', file=sys.stderr, flush=True)
            sys.exit(2)
        factory = LoopingFactory(path)
        if args.user:
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_permission_for_role('viewer', GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
            permissions.add_permission_for_role('viewer', GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
            factory.set_permissions(permissions)
        mounts.add_factory('/' + name, factory)
    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, 'viewer')
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ''), token)
        server.set_auth(auth)
    if server.attach(None) == 0:
        print(f'cannot listen on {args.host}:{args.port}', file=sys.stderr, flush=True)
        sys.exit(3)
    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, sig, loop.quit)
    print(f'READY {args.port}', flush=True)
    loop.run()


if __name__ == '__main__':
    main()

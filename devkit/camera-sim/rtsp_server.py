#!/usr/bin/python3
"""RTSP camera simulator for WardWatch tests and the demo.

Serves each H.264 (or, with --codec NAME=h265, H.265) MP4/MOV (or MPEG-TS) given with --mount NAME=FILE at
rtsp://HOST:PORT/NAME, looping forever with continuous timestamps (a real camera never restarts its
clock), paced in real time. --audio NAME=aac|alaw adds a live audio track as cameras send it (AAC,
or G.711 A-law). Optional RTSP basic auth (--user/--password) lets tests see a genuine 401. Prints
"READY <port>" on stdout once it listens; SIGTERM/SIGINT stop it. Run with /usr/bin/python3
(Debian's python3-gi).
"""
import argparse
import os
import random
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


def live_only(_pad, info):
    """Answers "can this be sought?" with no, as a camera's live stream would.

    Otherwise a client's PLAY (ffmpeg asks for npt=0-) seeks a shared stream back to the clip's
    start for every viewer, and once it has looped that flushing seek never completes: the server
    waits 20 s for a preroll, blocking every client, and answers 503. The default answer of a
    new seeking query is "not seekable" (pygobject hands probes a read-only query)."""
    if info.get_query().type == Gst.QueryType.SEEKING:
        return Gst.PadProbeReturn.HANDLED
    return Gst.PadProbeReturn.OK


def make(factory, name=None, **props):
    element = Gst.ElementFactory.make(factory, name)
    if element is None:
        raise RuntimeError(f'GStreamer element {factory} is missing (install the gstreamer1.0-plugins-* packages)')
    for key, value in props.items():
        element.set_property(key.replace('_', '-'), value)
    return element


def audio_branch(bin_, kind):
    """A live audio track (quiet pink noise) as pay1: a camera's microphone, AAC or G.711 A-law."""
    chain = [make('audiotestsrc', is_live=True, wave='pink-noise', volume=0.05), make('audioconvert'), make('audioresample')]
    if kind == 'alaw':
        caps = make('capsfilter', caps=Gst.Caps.from_string('audio/x-raw,rate=8000,channels=1'))
        chain += [caps, make('alawenc'), make('rtppcmapay', 'pay1')]
    elif kind == 'aac':
        caps = make('capsfilter', caps=Gst.Caps.from_string('audio/x-raw,rate=16000,channels=1'))
        chain += [caps, make('voaacenc', bitrate=32000), make('aacparse'), make('rtpmp4gpay', 'pay1')]
    else:
        raise ValueError(f'unknown audio {kind!r}: aac or alaw')
    for element in chain:
        bin_.add(element)
    for a, b in zip(chain, chain[1:]):
        a.link(b)


def lossy(share):
    """A probe that drops about `share` of the RTP packets going by, the same ones on every run.

    A slice split over several packets comes as one list, lost whole (a burst, as on a bad link);
    pygobject cannot hand a thinned list back."""
    rng = random.Random(7)

    def probe(_pad, _info):
        return Gst.PadProbeReturn.DROP if rng.random() < share else Gst.PadProbeReturn.OK

    return probe


class LoopingFactory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, path, codec='h264', audio=None, shared=False, loss=0.0):
        super().__init__()
        self.path = path
        self.codec = codec
        self.audio = audio
        # A share of the video's RTP packets lost on the way, as on a bad link (same effect over UDP or TCP).
        self.loss = loss
        # Shared: one pipeline for every client, as a real camera; else each client starts the clip.
        self.set_shared(shared)

    def do_create_element(self, url):
        bin_ = Gst.Bin.new('loop')
        src = Gst.ElementFactory.make('filesrc')
        src.set_property('location', self.path)
        # MPEG-TS for a stream whose picture changes size (its parameter sets travel in-band).
        demux = make('tsdemux' if self.path.lower().endswith('.ts') else 'qtdemux')
        parse = make(f'{self.codec}parse')
        pay = make(f'rtp{self.codec}pay', 'pay0')
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
        parse.get_static_pad('sink').add_probe(Gst.PadProbeType.QUERY_UPSTREAM, live_only)
        if self.loss > 0:
            pay.get_static_pad('src').add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST, lossy(self.loss))
        if self.audio:
            audio_branch(bin_, self.audio)
        return bin_


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--mount', action='append', default=[], help='NAME=FILE (H.264 in MP4)')
    parser.add_argument('--codec', action='append', default=[], help='NAME=h264|h265 (default h264)')
    parser.add_argument('--audio', action='append', default=[], help='NAME=aac|alaw: add a live audio track')
    parser.add_argument('--shared', action='append', default=[], help='NAME: one stream for every client, joined where it is')
    parser.add_argument('--loss', action='append', default=[], help='NAME=SHARE: lose that share (0-1) of the video packets')
    parser.add_argument('--user')
    parser.add_argument('--password')
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    codecs = dict(spec.partition('=')[::2] for spec in args.codec)
    audios = dict(spec.partition('=')[::2] for spec in args.audio)
    for spec in args.mount:
        name, _, path = spec.partition('=')
        if not name or not os.path.isfile(path):
            print(f'bad --mount {spec!r}: expected NAME=FILE with an existing file', file=sys.stderr, flush=True)
            sys.exit(2)
        if codecs.get(name, 'h264') not in ('h264', 'h265') or audios.get(name, 'aac') not in ('aac', 'alaw'):
            print(f'bad --codec or --audio for {name!r}', file=sys.stderr, flush=True)
            sys.exit(2)
        losses = dict(spec.partition('=')[::2] for spec in args.loss)
        factory = LoopingFactory(path, codecs.get(name, 'h264'), audios.get(name), name in args.shared, float(losses.get(name, 0)))
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

/** The first video stream of ffmpeg's first input, as printed on stderr before any output. */
export interface InputVideoInfo {
  codec: string;
  width: number;
  height: number;
  fps: number | undefined;
}

/**
 * Follows ffmpeg's stderr line by line and picks out the input's video stream. ffmpeg prints
 * `Input #0` with its streams before the first frame, and output streams (`Output #0`) use the
 * same `Stream #0:0` notation, so only lines inside the first input section count.
 */
export class InputInfoParser {
  private section: 'none' | 'input0' | 'other' = 'none';
  info: InputVideoInfo | undefined;
  hasAudio = false;

  push(line: string): void {
    if (/^Input #0,/.test(line)) this.section = 'input0';
    else if (/^(Input #[1-9]|Output #|Stream mapping:)/.test(line)) this.section = 'other';
    if (this.section !== 'input0') return;
    if (/Stream #0:\d+.*: Audio:/.test(line)) this.hasAudio = true;
    if (this.info) return;
    const video = /Stream #0:\d+.*?: Video: ([a-z0-9_]+).*?, (\d{2,5})x(\d{2,5})/.exec(line);
    if (!video) return;
    const fps = /, ([\d.]+) fps/.exec(line);
    this.info = { codec: video[1] ?? 'unknown', width: Number(video[2]), height: Number(video[3]), fps: fps ? Number(fps[1]) : undefined };
  }
}

import * as os from 'node:os';
import { ErrorCode } from '@app/core';
import { ProcessRunner } from './process.runner';
import { toolPathsFromEnv } from './tool.config';

// Node itself plays the programs here (no ffmpeg or espeak-ng runs in the unit tier): the runner's
// duties do not depend on which program it starts.
const node = process.execPath;
const asFfmpeg = new ProcessRunner({ tools: { ffmpeg: node } });
const asEspeak = new ProcessRunner({ tools: { espeak: node } });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function* chunks(parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) {
    await new Promise((r) => setImmediate(r));
    yield Buffer.from(p);
  }
}

describe('ProcessRunner', () => {
  it('writes text to stdin and keeps stdout whole and the tail of stderr', async () => {
    const r = await asEspeak.run(
      'espeak',
      [
        '-e',
        "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write(s.toUpperCase());console.error('done')})",
      ],
      { stdin: 'hello -v there' },
    );
    expect(r.stdout.toString()).toBe('HELLO -V THERE');
    expect(r.stderr).toBe('done\n');
  });

  it('streams frames on stdin and on extra pipes (fd 3, 4) with backpressure, and reads stdout line by line', async () => {
    const lines: string[] = [];
    const script = [
      "const fs=require('fs');",
      'const read=fd=>fs.readFileSync(fd).toString();',
      "console.log('0:'+read(0));console.log('3:'+read(3));console.log('4:'+read(4));",
    ].join('');
    const r = await asFfmpeg.run('ffmpeg', ['-e', script], {
      stdin: chunks(['a', 'b']),
      pipes: [chunks(['c', 'd', 'e']), chunks(['f'])],
      onStdoutLine: (l) => lines.push(l),
    });
    expect(lines).toEqual(['0:ab', '3:cde', '4:f']);
    expect(r.stdout.toString()).toBe('0:ab\n3:cde\n4:f\n');
  });

  it('keeps only the last bytes of a long stdout when asked', async () => {
    const r = await asFfmpeg.run(
      'ffmpeg',
      ['-e', "for(let i=0;i<1000;i++)process.stdout.write('x'.repeat(1000)+i)"],
      {
        maxStdout: 10_000,
      },
    );
    expect(r.stdout.length).toBe(10_000);
    expect(r.stdout.toString().endsWith('999')).toBe(true);
  });

  it('reports a missing program as TOOL_MISSING, saying how to install it and which setting names it', async () => {
    const runner = new ProcessRunner({ tools: { espeak: '/nonexistent/espeak-ng' } });
    await expect(runner.run('espeak', ['--version'])).rejects.toMatchObject({
      code: ErrorCode.ToolMissing,
      message: expect.stringMatching(
        /\/nonexistent\/espeak-ng was not found\. Install espeak-ng .* or set ESPEAK_PATH/,
      ),
    });
  });

  it.each([
    ['ffmpeg', asFfmpeg, ErrorCode.FfmpegFailed],
    ['espeak', asEspeak, ErrorCode.SpeechFailed],
  ] as const)('turns a failing %s into its code with the tail of its log', async (tool, runner, code) => {
    const error = await runner
      .run(tool, ['-e', "for(let i=1;i<=40;i++)console.error('line '+i);process.exit(3)"], {
        label: 'encode 16:9',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code, message: 'encode 16:9: ' + node + ' exited with code 3: line 40' });
    const tail = (error as { detail: { logTail: string } }).detail.logTail.split('\n');
    expect(tail).toHaveLength(25);
    expect(tail[24]).toBe('line 40');
  });

  it('kills the program on abort and settles only once it has exited', async () => {
    const controller = new AbortController();
    let pid = 0;
    const run = asFfmpeg.run('ffmpeg', ['-e', 'console.log(process.pid);setInterval(()=>{},1000)'], {
      signal: controller.signal,
      onStdoutLine: (l) => {
        pid = Number(l);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: ErrorCode.Cancelled });
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  });

  it('does not start anything for a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(asFfmpeg.run('ffmpeg', ['-e', ''], { signal: controller.signal })).rejects.toMatchObject({
      code: ErrorCode.Cancelled,
    });
  });

  it('fails with the error of a frame source that breaks, and stops the program', async () => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('x');
      throw new Error('the presenter could not be drawn');
    }
    await expect(
      asFfmpeg.run('ffmpeg', ['-e', 'process.stdin.resume();setInterval(()=>{},1000)'], { stdin: broken() }),
    ).rejects.toMatchObject({
      code: ErrorCode.Internal,
      message: expect.stringMatching(/could not be drawn/),
    });
  });

  it('streams stdout, and kills the program when the reader stops early', async () => {
    // It ignores a closed pipe, so only a kill stops it; it ends itself after 30 s so that a
    // failing run of this test never leaves it behind.
    const script =
      "process.stdout.on('error',()=>{});setTimeout(()=>process.exit(0),30000);console.log(process.pid);" +
      "setInterval(()=>process.stdout.write('y'.repeat(65536)),1)";
    let pid = 0;
    let seen = 0;
    try {
      for await (const chunk of asFfmpeg.stream('ffmpeg', ['-e', script])) {
        if (!pid) pid = Number(chunk.toString().split('\n')[0]);
        seen += chunk.length;
        if (seen > 300_000) break;
      }
      // The kill is sent when the loop ends; on a loaded machine the exit can take a moment.
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
      expect(alive(pid)).toBe(false);
    } finally {
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('throws a stream failure after its last chunk', async () => {
    const got: string[] = [];
    const read = async () => {
      for await (const c of asFfmpeg.stream('ffmpeg', [
        '-e',
        "process.stdout.write('partial');process.exit(1)",
      ]))
        got.push(c.toString());
    };
    await expect(read()).rejects.toMatchObject({ code: ErrorCode.FfmpegFailed });
    expect(got.join('')).toBe('partial');
  });

  it('adds its niceness to what the program inherits, up to 19', async () => {
    const script = 'setTimeout(()=>console.log(require("os").getPriority()),300)';
    const niced = new ProcessRunner({ tools: { ffmpeg: node }, niceness: 5 });
    const { stdout } = await niced.run('ffmpeg', ['-e', script]);
    expect(Number(stdout.toString())).toBe(Math.min(19, os.getPriority() + 5));
    const capped = new ProcessRunner({ tools: { ffmpeg: node }, niceness: 40 });
    expect(Number((await capped.run('ffmpeg', ['-e', script])).stdout.toString())).toBe(19);
  }, 30_000);

  it('answers a version check with the first line', async () => {
    expect(await asEspeak.version('espeak')).toBe(process.version);
  });
});

describe('toolPathsFromEnv', () => {
  it('reads FFMPEG_PATH, FFPROBE_PATH, ESPEAK_PATH and FC_LIST_PATH, defaulting to the names on PATH', () => {
    expect(toolPathsFromEnv({ ESPEAK_PATH: '/opt/espeak-ng', FFMPEG_PATH: '/opt/ffmpeg' })).toEqual({
      ffmpeg: '/opt/ffmpeg',
      ffprobe: 'ffprobe',
      espeak: '/opt/espeak-ng',
      fcList: 'fc-list',
    });
  });

  it('refuses an empty setting, naming it', () => {
    expect(() => toolPathsFromEnv({ FFPROBE_PATH: ' ' })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument, path: 'FFPROBE_PATH' }),
    );
  });
});

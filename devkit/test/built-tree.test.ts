import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';

/*
 * What ships: each Dockerfile runs `npx tsc -b <packages>` and copies those packages' dist/. That
 * build must emit the product only: no tests, no benchmarks, nothing that loads the dev-only
 * @wardwatch/devkit (the images are pruned of dev dependencies). Each project tsc -b would build
 * is compiled here from its own tsconfig, the emitted files collected in memory instead of written,
 * so a local dist/ left over from older builds can neither hide nor fake a finding.
 */
const root = repoRoot();
const devkitImport = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]@wardwatch\/devkit(?:\/[^'"]*)?['"]/;

/** The project folders after `tsc -b` in a Dockerfile's RUN line. */
function dockerBuilds(dockerfile: string): string[] {
  const text = readFileSync(join(root, 'docker', dockerfile), 'utf8');
  const match = /\bnpx tsc -b((?:\s+[\w./-]+)+)/.exec(text);
  if (!match?.[1]) throw new Error(`${dockerfile}: no "npx tsc -b" line`);
  return match[1].trim().split(/\s+/);
}

function parseConfig(configPath: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  return parsed;
}

/** Every tsconfig `tsc -b <folders>` builds: the folders' own and, transitively, their references. */
function buildOrder(folders: string[]): string[] {
  const seen = new Set<string>();
  const visit = (configPath: string): void => {
    if (seen.has(configPath)) return;
    seen.add(configPath);
    for (const ref of parseConfig(configPath).projectReferences ?? []) visit(ts.resolveProjectReferencePath(ref));
  };
  for (const folder of folders) visit(join(root, folder, 'tsconfig.json'));
  return [...seen];
}

const emitted = new Map<string, Map<string, string>>();

/** The files one project's build writes, by path relative to the repository, with their text. */
function emit(configPath: string): Map<string, string> {
  const known = emitted.get(configPath);
  if (known) return known;
  const parsed = parseConfig(configPath);
  // The same files as the real build, without the type check and the declarations (one per
  // JavaScript file), which only cost time here.
  const options = { ...parsed.options, noCheck: true, composite: false, incremental: false, declaration: false, declarationMap: false };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, projectReferences: parsed.projectReferences ?? [] });
  const written = new Map<string, string>();
  program.emit(undefined, (fileName, text) => written.set(relative(root, fileName).split(sep).join('/'), text));
  emitted.set(configPath, written);
  return written;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(?:[cm]?[jt]s|tsx|jsx)$/.test(entry.name)) yield path;
  }
}

describe('the built product', () => {
  it.each(['agent.Dockerfile', 'console.Dockerfile'])('%s builds product code only: no tests, no benchmarks, no devkit', (dockerfile) => {
    const configs = buildOrder(dockerBuilds(dockerfile));
    // tsc -b builds what the folders reference too: devkit must not be among them.
    expect(configs.map((c) => relative(root, c).split(sep).join('/'))).not.toContain('devkit/tsconfig.json');
    const findings: string[] = [];
    let files = 0;
    for (const config of configs) {
      const pkg = relative(root, dirname(config)).split(sep).join('/');
      for (const [file, text] of emit(config)) {
        files++;
        const inPackage = file.slice(pkg.length + 1);
        if (!inPackage.startsWith('dist/')) findings.push(`${file}: outside ${pkg}/dist`);
        else if (/\.test\.[^/]*$/.test(file)) findings.push(`${file}: a test`);
        else if (/(?:^|\/)(?:test|bench)\//.test(inPackage.slice('dist/'.length))) findings.push(`${file}: under a test/ or bench/ folder`);
        else if (!inPackage.startsWith('dist/src/')) findings.push(`${file}: not from ${pkg}/src`);
        if (/\.[cm]?js$/.test(file) && devkitImport.test(text)) findings.push(`${file}: imports @wardwatch/devkit`);
      }
    }
    expect(files).toBeGreaterThan(configs.length);
    expect(findings).toEqual([]);
  });

  // Whatever the build config says: every file under a src/ folder, the unit tests beside the code
  // included (a test that needs devkit's helpers belongs in test/).
  it('no file under a src/ folder imports @wardwatch/devkit, statically or dynamically', () => {
    const findings: string[] = [];
    let scanned = 0;
    for (const pkg of ['contracts', 'devkit', 'edge-agent', 'review-console', 'review-console/web']) {
      for (const file of sourceFiles(join(root, pkg, 'src'))) {
        scanned++;
        if (devkitImport.test(readFileSync(file, 'utf8'))) findings.push(relative(root, file));
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(findings).toEqual([]);
  });

  it('the pattern it looks for finds every way of importing devkit', () => {
    for (const line of [
      "import { startPrivateRedis } from '@wardwatch/devkit';",
      'import "@wardwatch/devkit";',
      "export * from '@wardwatch/devkit';",
      "const { pollUntil } = await import('@wardwatch/devkit');",
      'const devkit = require("@wardwatch/devkit/src/index.js");',
    ]) {
      expect(devkitImport.test(line), line).toBe(true);
    }
    expect(devkitImport.test("import { x } from '@wardwatch/devkit-other';")).toBe(false);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererRoot = join(projectRoot, 'renderer');
const electronRoot = join(projectRoot, 'electron');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names, in source order: imports and exports from, side-effect imports, import(). */
function importSpecifiers(source: string): string[] {
  const patterns = [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns
    .flatMap((pattern) => [...source.matchAll(pattern)].map((match) => ({ at: match.index, specifier: match[1] })))
    .sort((a, b) => a.at - b.at)
    .map((found) => found.specifier);
}

const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Why a renderer file may not import `specifier`, or null when it may. */
function forbidden(file: string, specifier: string): string | null {
  if (specifier === 'electron' || specifier.startsWith('electron/')) return 'the electron package';
  if (specifier.startsWith('node:') || nodeBuiltins.has(specifier.split('/')[0])) return 'a Node built-in';
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    if (target === electronRoot || target.startsWith(`${electronRoot}/`)) return 'the main-process folder electron/';
  }
  return null;
}

describe('renderer imports', () => {
  const files = sourceFiles(rendererRoot);

  it('finds the renderer sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('no renderer file imports electron/, electron or node:*', () => {
    const offences = files.flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8')).flatMap((specifier) => {
        const reason = forbidden(file, specifier);
        return reason ? [`${relative(projectRoot, file)} imports '${specifier}' (${reason})`] : [];
      }),
    );
    expect(offences).toEqual([]);
  });

  it('the check sees every form of import (it would catch an offence)', () => {
    const source = [
      "import { app } from 'electron';",
      "import type { X } from '../../electron/api/host';",
      "export { y } from 'node:fs';",
      "import 'path';",
      "const lazy = import('../../electron/cli/main');",
      "import { ok } from '../shared/contract';",
    ].join('\n');
    const file = join(rendererRoot, 'night', 'example.ts');
    const reasons = importSpecifiers(source).map((specifier) => forbidden(file, specifier));
    expect(reasons).toEqual(['the electron package', 'the main-process folder electron/', 'a Node built-in', 'a Node built-in', 'the main-process folder electron/', null]);
  });
});

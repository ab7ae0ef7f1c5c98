import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// js-yaml comes with electron-builder; it has no types here, so it is loaded plainly.
function loadYaml(): ((text: string) => unknown) | null {
  try {
    return (createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }).load;
  } catch {
    return null;
  }
}

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  icon: string;
  linux: { target: string[]; category: string; icon: string };
  mac: { target: string };
  win: { target: string };
}

const load = loadYaml();
const config = load ? (load(readFileSync('build/electron-builder.yml', 'utf8')) as BuilderConfig) : null;
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; scripts: Record<string, string> };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('build/electron-builder.yml', () => {
  it.skipIf(!config)(config ? 'loads, with the app’s identity and targets' : 'js-yaml not installed: skipped', () => {
    expect(config).toMatchObject({
      appId: 'org.nightcal.app',
      productName: 'NightCal',
      directories: { output: 'dist', buildResources: 'build' },
      linux: { category: 'Science' },
      mac: { target: 'dmg' },
      win: { target: 'nsis' },
    });
    expect(config!.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config!.files).toEqual(['out/**', 'package.json']);
  });

  it('is the file `npm run dist` uses, and package.json points into out/', () => {
    expect(packageJson.scripts.dist).toContain('--config build/electron-builder.yml');
    expect(packageJson.main.startsWith('out/')).toBe(true);
  });

  it.skipIf(!config)('names icons that exist, at the sizes their names say', () => {
    expect(pngSize(config!.icon)).toEqual([1024, 1024]);
    const icons = readdirSync(config!.linux.icon).filter((name) => name.endsWith('.png'));
    expect(icons.length).toBeGreaterThanOrEqual(5);
    for (const name of icons) {
      const side = Number(name.split('x')[0]);
      expect(pngSize(`${config!.linux.icon}/${name}`)).toEqual([side, side]);
    }
  });

  const built = existsSync('out/main') && existsSync('out/preload') && existsSync('out/renderer');
  it.skipIf(!built)(built ? 'packs files that a build makes: main, preload, renderer' : 'out/ not built: skipped', () => {
    for (const path of [packageJson.main, 'out/preload/preload.cjs', 'out/renderer/index.html']) {
      expect(existsSync(path), path).toBe(true);
    }
  });
});

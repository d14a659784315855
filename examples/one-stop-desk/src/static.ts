import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web page's folder in this example. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

/** The files the page is made of, with their content types (nothing else is served). */
export const WEB_FILES: Readonly<Record<string, string>> = Object.freeze({
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'i18n.js': 'text/javascript; charset=utf-8',
  'charts.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'timeline.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'desk.js': 'text/javascript; charset=utf-8',
  'desk.css': 'text/css; charset=utf-8',
});

/**
 * Read one of {@link WEB_FILES} from `root` (a fixed list: no path from the
 * request ever reaches the file system). Returns undefined for other names.
 */
export async function readWebFile(root: string, name: string): Promise<{ body: string; type: string } | undefined> {
  const type = WEB_FILES[name];
  if (!type) return undefined;
  return { body: await readFile(join(root, name), 'utf8'), type };
}

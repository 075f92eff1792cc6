import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from '../stack';

/** where screenshots of checked pages go, one `<name>.png` each. */
export const SCREENSHOT_DIR = join(ROOT, '.run', 'test-output', 'screenshots');

/** text of pages that answer 200 but give a person nothing to use. */
export const PLACEHOLDERS: RegExp[] = [/This is not the Jaeger UI you are looking for/i];

export interface PageExpectation {
  /** screenshot file name, without `.png`. */
  name: string;
  /** what the rendered page must show (in its visible text) once it has loaded its data. */
  shows: RegExp;
  timeoutMs?: number;
}

/**
 * opens `url` in the browser, waits until the page's visible text matches `shows`, and saves a
 * screenshot either way; fails on an error status, a placeholder page, or content that never
 * appears. Returns the visible text.
 */
export async function checkPage(
  browser: BrowserContext,
  url: string,
  expect: PageExpectation,
): Promise<string> {
  const page = await browser.newPage();
  const shot = join(SCREENSHOT_DIR, `${expect.name}.png`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  try {
    const res = await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
    if (!res || res.status() >= 400) throw new Error(`${url} answered ${res?.status() ?? 'nothing'}`);
    const deadline = Date.now() + (expect.timeoutMs ?? 20_000);
    let text = '';
    for (;;) {
      // biome-ignore lint/performance/useDomNodeTextContent: the check is on what a person sees, not hidden text
      text = await page.locator('body').innerText();
      const placeholder = PLACEHOLDERS.find((p) => p.test(text));
      if (placeholder)
        throw new Error(`${url} is a placeholder page (${placeholder}): ${text.slice(0, 200)}`);
      if (expect.shows.test(text)) break;
      if (Date.now() > deadline) {
        throw new Error(`${url} never showed ${expect.shows}; its text was:\n${text.slice(0, 500)}`);
      }
      await page.waitForTimeout(500);
    }
    // let late requests (charts, counts) finish so the screenshot shows what a person sees
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
    return text;
  } finally {
    await page.screenshot({ path: shot, fullPage: false }).catch(() => undefined);
    await page.close();
  }
}

// Shared pieces of the browser tests: a static file server for dist/, Debian's
// Chromium through playwright-core, console-error capture and screenshots.
import { mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { chromium } from "playwright-core";
import { staticServer, BLANK } from "../static-server.mjs";

const root = new URL("../../", import.meta.url).pathname;
export const screenshots = join(root, "tests", "screenshots");

/**
 * Serves `dir` (default dist/, or $PLAYGROUND_DIST: a build elsewhere, so two
 * builds need not share one folder) on 127.0.0.1 at a free port; `headers`
 * are added to every response. `/fresh-start-of-a-test` is a blank page of
 * the same origin, to clear storage before a test.
 */
export function serve(dir = process.env.PLAYGROUND_DIST ?? join(root, "dist"), headers = {}) {
  return staticServer(dir, { headers, routes: { "/fresh-start-of-a-test": BLANK } });
}

/**
 * Debian's Chromium, headless, with a fresh profile and no background network.
 * `args` adds command-line switches (e.g. `--enable-precise-memory-info`, so
 * `performance.memory` reports exact, undelayed byte counts); `options` are
 * the browser context's (e.g. a phone's `viewport`, `hasTouch`, `isMobile`).
 */
export async function launch({ args = [], ...options } = {}) {
  const profile = await mkdtemp(join(tmpdir(), "bpp-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", ...args],
    ...options,
  });
}

/** Opens the playground and waits until its first frame is drawn; collects console errors and warnings. */
export async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  // Every test starts from a clean slate: the page keeps its session in
  // localStorage, which a browser context shares between tabs.
  await page.goto(new URL("/fresh-start-of-a-test", url).href);
  await page.evaluate(() => localStorage.clear());
  problems.length = 0;
  await page.goto(url);
  await page.waitForSelector('#playground-root[data-ready="true"]', { timeout: 30000 });
  return { page, problems };
}

/** Saves a screenshot under tests/screenshots/. */
export async function shot(page, name) {
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/**
 * `n` points as x,y,label CSV (with a header): a disc of blue (1) inside a
 * ring of orange (0), spread over the canvas, from a fixed seed.
 */
export function circleCsv(n) {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ["x,y,label"];
  for (let i = 0; i < n; i++) {
    const x = random() * 11.8 - 5.9, y = random() * 11.8 - 5.9;
    lines.push(`${x.toFixed(6)},${y.toFixed(6)},${Math.hypot(x, y) < 3.5 ? 1 : 0}`);
  }
  return lines.join("\n") + "\n";
}

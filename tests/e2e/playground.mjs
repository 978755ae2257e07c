// Page objects for the playground's browser tests: small helpers over the
// harness so each test reads as what a learner does and what they see.
import { serve, launch, open } from "./harness.mjs";
import { animationFrames } from "./wait.mjs";
import { Inspector } from "./inspector.mjs";
import { Lesson, Phases } from "./lessons.mjs";

export { waitFor, animationFrames, acrossFrames } from "./wait.mjs";

/** Starts the static server and one browser for a test file. */
export async function startBrowser() {
  const server = await serve();
  const context = await launch();
  return {
    /** A fresh playground tab (optionally at another viewport size), ready to use. */
    async openPlayground(viewport, query = "") {
      const { page, problems } = await open(context, server.url + query);
      if (viewport) await page.setViewportSize(viewport);
      return new Playground(page, problems);
    },
    /** A fresh playground tab opened at `?lesson=id`. */
    openLesson(id) {
      return this.openPlayground(undefined, `?lesson=${id}`);
    },
    async close() {
      await context.close();
      await server.close();
    },
  };
}

export class Playground {
  constructor(page, problems) {
    this.page = page;
    this.problems = problems;
  }

  // --- window.playground ---------------------------------------------------
  state() { return this.page.evaluate(() => playground.state()); }
  /** The state without the (possibly long) point list. */
  summary() { return this.page.evaluate(() => { const s = playground.state(); delete s.points; return s; }); }
  epoch() { return this.page.evaluate(() => playground.state().epoch); }
  points() { return this.page.evaluate(() => playground.state().points); }
  setConfig(partial) { return this.page.evaluate((p) => { playground.setConfig(p); }, partial); }
  clearPoints() { return this.page.evaluate(() => playground.clearPoints()); }
  /** Trains `n` epochs through the API, synchronously in the page. */
  stepMany(n) { return this.page.evaluate((n) => { for (let i = 0; i < n; i++) playground.step(); }, n); }
  /** The network's weights and biases, `{ weights, biases }`. */
  params() { return this.page.evaluate(() => playground.params()); }
  /** Resolves after the page has run `n` more animation frames. */
  frames(n = 2) { return animationFrames(this.page, n); }

  // --- parts of the page -----------------------------------------------------
  /** The network diagram and the inspector. */
  get inspector() { return new Inspector(this.page); }
  /** The lesson menu and read-out. */
  get lesson() { return new Lesson(this.page); }
  /** Stepping one batch in phases. */
  get phases() { return new Phases(this.page); }

  // --- controls, found by role and accessible name -------------------------
  get playButton() { return this.page.getByRole("button", { name: /^Play \(Space\)$/ }); }
  get pauseButton() { return this.page.getByRole("button", { name: /^Pause \(Space\)$/ }); }
  get stepButton() { return this.page.getByRole("button", { name: "Step one epoch (→)" }); }
  get resetButton() { return this.page.getByRole("button", { name: "Reset training (R)" }); }
  get message() { return this.page.locator("#message[role=status]"); }
  get dataCanvas() { return this.page.getByTestId("data-canvas"); }
  chooseClass(which) { return this.page.getByRole("radio", { name: `add ${which}` }).check(); }
  readout(id) { return this.page.locator(`#${id}`).innerText(); }

  /** Presses a shortcut key with focus on the page body (not in a control). */
  async press(key) {
    await this.page.evaluate(() => document.activeElement?.blur());
    await this.page.keyboard.press(key);
  }

  /**
   * Clicks the data canvas at fractions (fx, fy) of its drawn (content) area,
   * from the top-left, holding `modifiers` ("Shift", "Alt"). Returns the data
   * coordinates the click should map to and one pixel's size in data units.
   */
  async clickData(fx, fy, modifiers = []) {
    const geo = await this.dataCanvas.evaluate((c) => {
      const r = c.getBoundingClientRect();
      const cs = getComputedStyle(c);
      const left = r.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
      const top = r.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop);
      const width = r.width - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth)
        - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const height = r.height - parseFloat(cs.borderTopWidth) - parseFloat(cs.borderBottomWidth)
        - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
      return { left, top, width, height, domain: playground.state().domain };
    });
    const px = Math.round(geo.left + fx * geo.width);
    const py = Math.round(geo.top + fy * geo.height);
    const d = geo.domain;
    const at = {
      x: d.xMin + ((px - geo.left) / geo.width) * (d.xMax - d.xMin),
      y: d.yMax - ((py - geo.top) / geo.height) * (d.yMax - d.yMin),
    };
    const pixel = { x: (d.xMax - d.xMin) / geo.width, y: (d.yMax - d.yMin) / geo.height };
    for (const m of modifiers) await this.page.keyboard.down(m);
    await this.page.mouse.click(px, py);
    for (const m of modifiers.reverse()) await this.page.keyboard.up(m);
    return { ...at, pixel };
  }

  /** Counts orange-ish and blue-ish pixels on the data canvas (its backing store). */
  canvasHues() {
    return this.dataCanvas.evaluate((c) => {
      const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
      let orange = 0, blue = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if (r - b > 40 && r >= g) orange++;
        else if (b - r > 40 && b >= g) blue++;
      }
      return { orange: orange / (data.length / 4), blue: blue / (data.length / 4) };
    });
  }

  /**
   * Counts data-canvas pixels in the points' own full orange / blue. The
   * heatmap stops at 75 % of either hue, so only drawn points have these.
   */
  pointPixels() {
    return this.dataCanvas.evaluate((c) => {
      const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
      const near = (i, [r, g, b]) => Math.abs(data[i] - r) <= 20 && Math.abs(data[i + 1] - g) <= 20 && Math.abs(data[i + 2] - b) <= 20;
      let orange = 0, blue = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (near(i, [230, 159, 0])) orange++;
        else if (near(i, [0, 114, 178])) blue++;
      }
      return { orange, blue };
    });
  }

  /** Every button, select, input and textarea without a computed accessible name. */
  async unnamedControls() {
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
      const { nodeIds } = await cdp.send("DOM.querySelectorAll", { nodeId: root.nodeId, selector: "button, select, input, textarea" });
      const unnamed = [];
      for (const nodeId of nodeIds) {
        const { nodes } = await cdp.send("Accessibility.getPartialAXTree", { nodeId, fetchRelatives: false });
        const node = nodes[0];
        const name = node?.name?.value?.trim() ?? "";
        if (name) continue;
        const { outerHTML } = await cdp.send("DOM.getOuterHTML", { nodeId });
        // Controls hidden from assistive technology still need a name once shown.
        const hidden = node?.ignored;
        if (hidden) {
          const hasName = await this.page.evaluate((html) => {
            const el = new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
            return !!(el?.getAttribute("aria-label")?.trim() || el?.getAttribute("aria-labelledby"));
          }, outerHTML);
          if (hasName) continue;
        }
        unnamed.push(outerHTML.slice(0, 120));
      }
      return { count: nodeIds.length, unnamed };
    } finally {
      await cdp.detach();
    }
  }
}

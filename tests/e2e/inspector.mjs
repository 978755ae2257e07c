// Page objects for the network diagram and the inspector ("Why does this
// weight change?"): units and links are found where the page says it draws
// them (`playground.position`) and clicked with the real mouse, through the
// diagram's own hit-testing.
import { waitFor } from "./wait.mjs";

export class Inspector {
  constructor(page) {
    this.page = page;
  }

  get canvas() { return this.page.getByTestId("network-canvas"); }
  /** The inspector's text, shown while a weight or bias is selected. */
  get body() { return this.page.locator("#inspector-body"); }
  get chain() { return this.page.getByTestId("chain"); }
  get tip() { return this.page.locator("#network-tip"); }

  /** Selects a unit's bias (or, with `from`, a weight) through the API. */
  select(layer, unit, from) {
    return this.page.evaluate(([l, u, f]) => playground.select(l, u, f), [layer, unit, from]);
  }

  /**
   * Viewport position of unit `unit` of `layer` (0 = the first after the
   * inputs), or with `from` of the middle of the link to it from unit `from`
   * of the layer below, after scrolling the diagram into view.
   */
  async position(layer, unit, from) {
    await this.canvas.scrollIntoViewIfNeeded();
    return this.page.evaluate(([l, u, f]) => playground.position(l, u, f), [layer, unit, from]);
  }

  /** Moves the mouse onto a unit or link; resolves to the tooltip's text. */
  async hover(layer, unit, from) {
    const { x, y } = await this.position(layer, unit, from);
    await this.page.mouse.move(x, y);
    return this.tip.innerText();
  }

  /** Clicks a unit or link in the diagram with the mouse. */
  async click(layer, unit, from) {
    const { x, y } = await this.position(layer, unit, from);
    await this.page.mouse.click(x, y);
  }

  chainText() { return this.chain.innerText(); }
  /** The chain's shown rows: [symbol, value] of each factor, then of their
   * product (without the spaces that line the values up at the point). */
  rows() {
    return this.chain.locator(".factor:visible").evaluateAll((rows) =>
      rows.map((r) => [r.querySelector(".math").textContent, r.querySelector(".value").textContent.trim()]));
  }
  /** Where each shown value's decimal point is on screen (CSS px from the left). */
  points() {
    return this.chain.locator(".factor:visible .value").evaluateAll((values) => values.map((v) => {
      const text = v.firstChild, range = document.createRange();
      range.setStart(text, text.data.indexOf("."));
      range.setEnd(text, text.data.indexOf(".") + 1);
      return range.getBoundingClientRect().left;
    }));
  }
  /** Waits until the chain's text matches `pattern`; returns the text. */
  waitForChain(pattern, what) { return waitFor(() => this.chainText(), (t) => pattern.test(t), { what }); }
  /** The chain's factors, as the page writes them in `data-factors`. */
  async factors() { return JSON.parse(await this.chain.getAttribute("data-factors")); }
  /** The engine's gradient for the selection, from `data-gradient`. */
  async gradient() { return Number(await this.chain.getAttribute("data-gradient")); }
}

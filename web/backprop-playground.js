// <backprop-playground>: a playground in any page, from one line of HTML.
//
//   <script type="module" src="backprop-playground.js"></script>
//   <backprop-playground lesson="or-gate" controls="step,learning-rate"
//                        height="420" autoplay stop-at="500"></backprop-playground>
//
// Every element on a page shares the one WebAssembly module; each has its
// own session, and its own API as `element.playground` (the same methods as
// the full page's `window.playground`). Attributes are read as plain text.
import init, { mount } from "./playground.js";

const ready = init();
// The playground's markup and styles: the full page's own files, from the
// same folder as this script.
const assets = Promise.all(
  ["index.html", "style.css"].map((f) => fetch(new URL(f, import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`${f}: ${r.status}`);
    return r.text();
  })),
);
const ATTRIBUTES = ["lesson", "dataset", "seed", "network", "controls", "height", "autoplay", "stop-at", "theme"];

class BackpropPlayground extends HTMLElement {
  async connectedCallback() {
    if (this.playground || this.mounting) return;
    this.mounting = true;
    let page, style;
    try {
      await ready;
      [page, style] = await assets;
    } catch (error) {
      this.textContent = `This playground could not load (${error.message}); it needs WebAssembly and its files next to backprop-playground.js.`;
      return;
    }
    const markup = page.slice(page.indexOf(">", page.indexOf("<main")) + 1, page.lastIndexOf("</main>"));
    const options = {};
    for (const name of ATTRIBUTES) {
      if (this.hasAttribute(name)) options[name] = this.getAttribute(name);
    }
    this.playground = mount(this, options, markup, style);
    this.dispatchEvent(new Event("ready"));
  }
}

if (!customElements.get("backprop-playground")) {
  customElements.define("backprop-playground", BackpropPlayground);
}

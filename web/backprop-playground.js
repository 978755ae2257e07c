// <backprop-playground>: a playground in any page, from one line of HTML.
//
//   <script type="module" src="backprop-playground.js"></script>
//   <backprop-playground lesson="or-gate" controls="step,learning-rate"
//                        height="420" autoplay stop-at="500"></backprop-playground>
//
// Every element on a page shares the one WebAssembly module; each has its
// own session, and its own API as `element.playground` (the same methods as
// the full page's `window.playground`). Attributes are read as plain text.

// Imported on demand: a failed static import would stop this module before
// it defines the element, leaving every element an empty box.
let mount;
const ready = window.WebAssembly
  ? import("./playground.js").then((m) => (mount = m.mount, m.default()))
  : Promise.reject(Error("this browser has no WebAssembly"));
// The playground's markup and styles: the full page's own files, from the
// same folder as this script.
const assets = Promise.all(
  ["index.html", "style.css"].map((f) => fetch(new URL(f, import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`${f}: ${r.status}`);
    return r.text();
  })),
);
// One stylesheet shared by every element, adopted into each shadow root: a
// constructed sheet is no <style> element, so a strict CSP (style-src
// 'self') allows it. The page's own rules, with :host standing in for :root.
const sheet = assets.then(([, style]) => {
  const s = new CSSStyleSheet();
  // rem is the host page's root font size: px instead, so a theme's
  // html { font-size } cannot resize the playground's text.
  s.replaceSync(`${style.replace(":root {", ":root, :host {").replace(/([\d.]+)rem/g, (_, n) => `${n * 16}px`)}
:host { display: block; container-type: inline-size; font-size: 16px; line-height: normal; font-weight: 400; font-style: normal; letter-spacing: normal; text-align: start; text-transform: none; }
.fatal { position: static; }`);
  return s;
});
// Failures are shown by the elements that await these (also ones added
// later), so none is an unhandled rejection.
ready.catch(() => {});
assets.catch(() => {});
sheet.catch(() => {});

class BackpropPlayground extends HTMLElement {
  async connectedCallback() {
    if (this.playground || this.mounting) return;
    this.mounting = true;
    try {
      await ready;
      const [page] = await assets;
      const markup = page.slice(page.indexOf(">", page.indexOf("<main")) + 1, page.lastIndexOf("</main>"));
      const styles = await sheet;
      this.mounting = false;
      // Taken out again while it loaded: nothing to start.
      if (!this.isConnected) return;
      // The full page beside this script: where "Copy link" points.
      this.playground = mount(this, markup, new URL("./", import.meta.url).href);
      this.shadowRoot.adoptedStyleSheets = [styles];
    } catch (error) {
      // As text, in the shadow root if mount() made one (it hides the
      // element's children), unless a panic's message is already there.
      const root = this.shadowRoot ?? this;
      if (!root.querySelector(".fatal:not([hidden])")) {
        root.textContent = `This playground could not load (${error.message}); it needs WebAssembly and its files next to backprop-playground.js.`;
      }
      return;
    }
    this.dispatchEvent(new Event("ready"));
  }

  // Out of the page (a theme's client-side navigation removes it): its
  // loop and listeners stop and its memory is freed; put back, it starts anew.
  disconnectedCallback() {
    this.playground?.stop();
    this.playground = undefined;
    this.shadowRoot?.replaceChildren();
  }
}

if (!customElements.get("backprop-playground")) {
  customElements.define("backprop-playground", BackpropPlayground);
}

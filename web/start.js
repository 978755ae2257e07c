// The full page's loader: an external module, so a strict CSP
// (script-src 'self') runs it; scripts/post-build.mjs takes Trunk's inline
// loader out of the built index.html. Relative URLs, so dist/ works at any
// path. Start-up faults become text in #fatal, never a blank page.
const fail = (why) => {
  const box = document.getElementById("fatal");
  if (box.hidden && !document.querySelector("[data-ready=true]")) {
    box.textContent = `The playground could not load (${why}). Reload the page, or try an up-to-date browser.`;
    box.hidden = false;
    document.getElementById("playground-root").hidden = true;
  }
};
if (!window.WebAssembly) fail("this browser has no WebAssembly");
else import("./playground.js").then(
  (m) => m.default().then(
    // The event Trunk's loader sent: tests read the wasm memory from it.
    (wasm) => dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } })),
    (e) => fail(e.message ?? e)),
  () => fail("its script did not load"));

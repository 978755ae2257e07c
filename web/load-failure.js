// Start-up faults as text in #fatal, never a blank page; see index.html.
const fail = (why) => {
  const box = document.getElementById("fatal");
  if (box.hidden && !document.querySelector("[data-ready=true]")) {
    box.textContent = `The playground could not load (${why}). Reload the page, or try an up-to-date browser.`;
    box.hidden = false;
    document.getElementById("playground-root").hidden = true;
  }
};
if (!window.WebAssembly) fail("this browser has no WebAssembly");
addEventListener("error", (e) => e.target.localName == "script" && !e.target.src && fail("its script did not load"), true);
export default () => ({ onFailure: (e) => fail(e.message ?? e) });

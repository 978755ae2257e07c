// Counts a page's canvas painting per animation frame (a measuring tool for
// the benches, never part of the page): wraps the 2D context's painting
// methods and requestAnimationFrame's callbacks. Installed after load it
// still sees every call, since the page reaches both through the prototype
// and window at call time. The benches read window.__paint before and after
// playing and divide by the page's own frame count.
function installPaintProbe() {
  if (window.__paint) return;
  const probe = (window.__paint = { ops: {}, callbacks: 0, callbackMs: 0 });
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ["fill", "stroke", "fillRect", "fillText", "drawImage", "putImageData", "strokeRect", "strokeText", "clearRect"]) {
    const original = proto[name];
    proto[name] = function (...args) {
      probe.ops[name] = (probe.ops[name] ?? 0) + 1;
      return original.apply(this, args);
    };
  }
  // The calls that paint (path-building calls and clearing not counted), all told.
  window.__paintingOps = () => ["fill", "stroke", "fillRect", "fillText", "drawImage", "putImageData"].reduce((t, n) => t + (probe.ops[n] ?? 0), 0);
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((time) => {
    const t0 = performance.now();
    try { return callback(time); } finally { probe.callbacks++; probe.callbackMs += performance.now() - t0; }
  });
}

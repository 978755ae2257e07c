// Loaded first in the cross-browser suite's copies of the pages (a script
// from the same site, so a strict CSP allows it): records what a reader's
// console would show — errors, warnings, uncaught errors and rejections, CSP
// violations — in window.__problems, for the suite to read over WebDriver.
window.__problems = [];
for (const level of ["error", "warn"]) {
  const original = console[level];
  console[level] = function (...args) {
    window.__problems.push(`console.${level}: ${args.map(String).join(" ")}`);
    return original.apply(this, args);
  };
}
// Resource errors land here too. Not one: Firefox fires "error" on Trunk's
// <link rel="modulepreload"> of a module a <script type="module"> has already
// loaded (load-failure.js) while the module runs fine and its console shows
// nothing (checked with devtools.console.stdout.content).
addEventListener("error", (e) => {
  if (e.target instanceof HTMLLinkElement && e.target.rel === "modulepreload") return;
  window.__problems.push(`error: ${e.message || e.target?.outerHTML}`);
}, true);
addEventListener("unhandledrejection", (e) => window.__problems.push(`unhandled rejection: ${e.reason}`));
document.addEventListener("securitypolicyviolation", (e) => window.__problems.push(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));

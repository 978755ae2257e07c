// Page objects for <backprop-playground> elements in a blog post: each
// element by its id, with its own `element.playground` API and read-outs
// (Playwright's CSS locators see into the elements' open shadow roots).

/** The example post's elements, top to bottom. */
export const POST_ELEMENTS = ["or-gate", "alice", "scripted", "far"];

export class BlogPost {
  constructor(page, problems = []) {
    this.page = page;
    /** Console errors and warnings, and uncaught errors. */
    this.problems = problems;
  }

  /**
   * Opens `url` (a post) in a new tab, recording console problems and
   * Content-Security-Policy violations, and waits until every element on it
   * has its `.playground`.
   */
  static async open(context, url) {
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(url);
    const post = new BlogPost(page, problems);
    await post.ready();
    return post;
  }

  /** Waits until every element on the page has its `.playground`. */
  ready() {
    return this.page.waitForFunction(() => [...document.querySelectorAll("backprop-playground")].every((el) => el.playground));
  }

  element(id) { return new PlaygroundElement(this.page, id); }
  /** Content-Security-Policy violations so far (with `open`). */
  violations() { return this.page.evaluate(() => window.__violations); }
  close() { return this.page.close(); }
}

export class PlaygroundElement {
  constructor(page, id) {
    this.page = page;
    this.id = id;
  }

  get host() { return this.page.locator(`#${this.id}`); }
  /** Its epoch read-out. */
  get epochReadout() { return this.page.locator(`#${this.id} #epoch`); }
  /** Its panic message box. */
  get fatal() { return this.page.locator(`#${this.id} .fatal`); }

  /** Calls `element.playground[name](...args)` in the page. */
  call(name, ...args) {
    return this.page.evaluate(([id, name, args]) => document.getElementById(id).playground[name](...args), [this.id, name, args]);
  }

  /** Its state without the point list. */
  summary() {
    return this.page.evaluate((id) => { const s = document.getElementById(id).playground.state(); delete s.points; return s; }, this.id);
  }

  /** How many frames it has drawn (`metrics().frames`). */
  frames() { return this.page.evaluate((id) => document.getElementById(id).playground.metrics().frames, this.id); }
  step() { return this.call("step"); }
  scrollIntoView() { return this.page.evaluate((id) => document.getElementById(id).scrollIntoView(), this.id); }
  epochText() { return this.epochReadout.textContent(); }

  /** Whether the control named `name` (its `data-control`) is shown. */
  controlShown(name) {
    return this.page.evaluate(([id, c]) => {
      const el = document.getElementById(id).shadowRoot.querySelector(`[data-control="${c}"]`);
      return !!el && !el.hidden;
    }, [this.id, name]);
  }
}

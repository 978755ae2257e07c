// Page objects for lessons (the menu, the live read-out) and for stepping
// one batch in phases (forward, loss, backward, update).
import { waitFor } from "./wait.mjs";

export class Lesson {
  constructor(page) {
    this.page = page;
  }

  get readout() { return this.page.getByTestId("lesson-value"); }
  /** The lesson's live read-out. */
  value() { return this.readout.innerText(); }
  /** Waits until the read-out matches `pattern`; returns it. */
  waitForValue(pattern, what = String(pattern)) { return waitFor(() => this.value(), (t) => pattern.test(t), { what }); }
  /** Opens lesson `id` from the Lesson menu. */
  choose(id) { return this.page.getByLabel("Lesson", { exact: true }).selectOption(id); }
  /** Leaves the lesson for free play with its button. */
  leave() { return this.page.getByRole("button", { name: /Leave the lesson/ }).click(); }
}

export class Phases {
  constructor(page) {
    this.page = page;
  }

  get status() { return this.page.getByTestId("phase-status"); }
  next() { return this.page.getByRole("button", { name: "Next phase" }).click(); }
  prev() { return this.page.getByRole("button", { name: "Previous phase" }).click(); }
  /** The phase the page is in: "forward", "loss", "backward", "update" or "none". */
  current() { return this.page.evaluate(() => playground.phase()); }
  /** Waits until the status line matches `pattern`; returns it. */
  waitForStatus(pattern, what = String(pattern)) { return waitFor(() => this.status.innerText(), (t) => pattern.test(t), { what }); }
}

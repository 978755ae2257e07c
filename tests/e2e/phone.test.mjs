// On a 390×844 touch phone: a finger finds a diagram link within 12 CSS px
// of its line (a 24-px target, though the canvas is drawn smaller than its
// pixels), and no text on the page is smaller than 11 CSS px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, open, shot } from "./harness.mjs";
import { Playground, waitFor } from "./playground.mjs";

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 };

let server, context;
before(async () => { server = await serve(); context = await launch(PHONE); });
after(async () => { await context?.close(); await server?.close(); });

async function openPhone() {
  const { page, problems } = await open(context, server.url);
  return new Playground(page, problems);
}

/** The point `distance` CSS px from (x, y) at right angles to the direction (dx, dy), on the side of negative y. */
function beside({ x, y }, [dx, dy], distance) {
  const length = Math.hypot(dx, dy);
  let [nx, ny] = [-dy / length, dx / length];
  if (ny > 0) [nx, ny] = [-nx, -ny];
  return { x: x + distance * nx, y: y + distance * ny };
}

test("phone: a tap 10 CSS px beside a link's line selects that link", async () => {
  const pg = await openPhone();
  const { page, inspector } = pg;
  // One hidden unit: x₁ and x₂ meet at it, it alone feeds the output.
  await pg.setConfig({ hidden: [1] });
  await pg.frames(2);
  const target = page.locator("#inspector-target");
  const ratio = await inspector.canvas.evaluate((c) => c.width / c.clientWidth);
  assert.ok(ratio > 1.3, `the diagram is drawn smaller than its pixels (${ratio})`);
  // The link from the hidden unit to the output: a tap 10 px above its middle.
  const hidden = await inspector.position(0, 0), output = await inspector.position(1, 0);
  const middle = await inspector.position(1, 0, 0);
  const tap = beside(middle, [output.x - hidden.x, output.y - hidden.y], 10);
  await page.touchscreen.tap(tap.x, tap.y);
  await waitFor(() => target.innerText(), (t) => t.startsWith("Weight w from unit 1 of hidden layer 1 to the output ŷ"), { what: "the output link selected" });
  // The link from x₁ (above) to the hidden unit: 10 px beside it, on the side away from x₂'s.
  const fromX1 = await inspector.position(0, 0, 0);
  const tap2 = beside(fromX1, [hidden.x - fromX1.x, hidden.y - fromX1.y], 10);
  await page.touchscreen.tap(tap2.x, tap2.y);
  await waitFor(() => target.innerText(), (t) => t.startsWith("Weight w from input x₁ to unit 1 of hidden layer 1"), { what: "x₁'s link selected" });
  await shot(page, "phone-link-tapped");
  assert.deepEqual(pg.problems, []);
  await page.close();
});

test("phone: no visible text is smaller than 11 CSS px, the panels and the inspector open", async () => {
  const pg = await openPhone();
  const { page } = pg;
  // Everything that can show text: every folded panel open, the settings
  // unfolded, a weight's inspector, a phase's numbers, the graph drawn.
  await page.getByText("Settings", { exact: true }).click();
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  await pg.inspector.select(0, 0, 0);
  await pg.inspector.waitForChain(/^∂L\/∂w/, "the chain");
  await page.getByRole("button", { name: "Next phase" }).click();
  await pg.frames(3);
  const small = await page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll("body *")) {
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (!text || !el.checkVisibility({ visibilityProperty: true })) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 11) found.push(`${el.tagName}#${el.id}.${el.className}: ${size}px "${el.textContent.trim().slice(0, 30)}"`);
    }
    return found;
  });
  assert.deepEqual(small, []);
  // The graph's canvas is shown at its own size (its 13-px text stays 13 px): it scrolls instead of shrinking.
  const graph = await page.getByTestId("graph-canvas").evaluate((c) => c.width / c.getBoundingClientRect().width);
  assert.equal(graph, 1);
  await shot(page, "phone-text");
  await page.close();
});

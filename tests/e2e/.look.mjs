import { serve, launch, open } from "./harness.mjs";
const server = await serve("/tmp/lead/dist");
const ctx = await launch({ viewport: { width: 1280, height: 800 } });
const { page } = await open(ctx, server.url);
await page.evaluate(() => playground.play());
await page.waitForTimeout(3000);
await page.evaluate(() => playground.pause());
await page.screenshot({ path: "/tmp/lead/full.png" });
await ctx.close(); server.close();

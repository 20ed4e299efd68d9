// Opens a notebook in the Jupyter that bin/lab serves, in headless Chromium, runs all its cells through the
// page (Cell → Run All), waits for the kernel, and checks what a student would see: no cell shows an error (or
// stderr, unless tagged stderr-ok), every cell tagged "plot" shows a loaded chart image, and every cell tagged
// "progress" showed a progress bar that updated in place and ended as its summary line. Saves a screenshot.
//
//   node run-notebook.mjs URL SCREENSHOT.png
//     URL: http://127.0.0.1:PORT/notebooks/00-welcome.ipynb?token=... (as bin/lab prints it, with the notebook's path)
// Environment: CHROMIUM (default /usr/bin/chromium), RL_BROWSER_TIMEOUT_S (default 300).
import puppeteer from "puppeteer-core";

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error("usage: node run-notebook.mjs URL SCREENSHOT.png");
  process.exit(2);
}
const timeoutMs = 1000 * Number(process.env.RL_BROWSER_TIMEOUT_S || 300);
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const problems = [];

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // as root in a container Chromium needs --no-sandbox; the rest keeps it off a network it cannot reach
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("pageerror", (e) => problems.push(`the page threw: ${e.message}`));
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60000 });

  // Classic Notebook: wait for the notebook and a connected, idle kernel; never let it save outputs into the repository.
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded
      && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected(), { timeout: 120000 });
  await page.evaluate(() => Jupyter.notebook.set_autosave_interval(0));
  await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 120000 });
  const kernelName = await page.evaluate(() => Jupyter.notebook.kernel.name);
  console.log(`  ${seconds()} s: notebook open, kernel '${kernelName}' idle`);

  // Watch every progress bar: each update must replace the bar in its output (display id), not append one.
  await page.evaluate(() => {
    window.__rl = { values: {}, maxBars: {} };
    const scan = () => {
      Jupyter.notebook.get_cells().forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        const bars = cell.element[0].querySelectorAll(".output_area .rl-progress, .output_area .rl-progress-done");
        if (bars.length === 0) return;
        window.__rl.maxBars[i] = Math.max(window.__rl.maxBars[i] || 0, bars.length);
        const seen = (window.__rl.values[i] = window.__rl.values[i] || []);
        bars.forEach((b) => {
          const p = b.querySelector("progress");
          const v = p ? `${p.getAttribute("value")}/${p.getAttribute("max")}` : "done";
          if (!seen.includes(v)) seen.push(v);
        });
      });
    };
    new MutationObserver(scan).observe(document.getElementById("notebook-container"), { childList: true, subtree: true, characterData: true });
  });

  // Run all cells the way a student does: Cell → Run All.
  await page.click("#celllink");
  await page.waitForSelector("#run_all_cells", { visible: true });
  await page.click("#run_all_cells > a");
  await page.waitForFunction(() => Jupyter.notebook.get_cells().some((c) => c.cell_type === "code" && c.input_prompt_number === "*"),
      { timeout: 30000 });
  console.log(`  ${seconds()} s: Cell → Run All clicked; cells are running`);
  await page.waitForFunction(() => Jupyter.notebook.get_cells().every((c) => c.cell_type !== "code" || c.get_text().trim() === ""
      || (typeof c.input_prompt_number === "number")) && document.querySelector("#kernel_indicator_icon.kernel_idle_icon"),
      { timeout: timeoutMs, polling: 250 });
  console.log(`  ${seconds()} s: every cell ran, kernel idle`);

  const report = await page.evaluate(async () => {
    const cells = Jupyter.notebook.get_cells();
    const out = [];
    let codeNo = 0;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c.cell_type !== "code") continue;
      codeNo++;
      const el = c.element[0];
      const tags = (c.metadata.tags || []);
      const imgs = [...el.querySelectorAll(".output_area img")];
      await Promise.all(imgs.map((img) => img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; })));
      out.push({
        index: i, number: codeNo, tags,
        errors: [...el.querySelectorAll(".output_area .output_error")].map((e) => e.innerText.trim().slice(0, 300)),
        stderr: [...el.querySelectorAll(".output_area .output_stderr")].map((e) => e.innerText.trim().slice(0, 300)),
        images: imgs.map((img) => ({ src: img.getAttribute("src").slice(0, 22), w: img.naturalWidth, h: img.naturalHeight })),
        bars: el.querySelectorAll(".output_area .rl-progress").length,
        done: [...el.querySelectorAll(".output_area .rl-progress-done")].map((d) => d.innerText.trim()),
        progressValues: (window.__rl.values[i] || []),
        maxBars: window.__rl.maxBars[i] || 0,
      });
    }
    return out;
  });

  let charts = 0, bars = 0;
  for (const c of report) {
    const where = `code cell ${c.number}`;
    for (const e of c.errors) problems.push(`${where} shows an error: ${e}`);
    if (!c.tags.includes("stderr-ok")) for (const e of c.stderr) problems.push(`${where} shows stderr: ${e}`);
    if (c.tags.includes("plot")) {
      const good = c.images.filter((im) => im.src.startsWith("data:image/png") && im.w >= 50 && im.h >= 50);
      if (good.length === 0) problems.push(`${where} is tagged plot but shows no chart image (images: ${JSON.stringify(c.images)})`);
      charts += good.length;
    }
    if (c.tags.includes("progress")) {
      const updates = c.progressValues.filter((v) => v !== "done");
      if (c.done.length === 0) problems.push(`${where} is tagged progress but shows no summary line`);
      if (c.bars > 0) problems.push(`${where} still shows ${c.bars} progress bar(s) instead of their summary lines`);
      if (updates.length < 2) problems.push(`${where}: the progress bar was seen at ${updates.length} value(s) (${updates.join(", ")}), want it updating`);
      if (c.maxBars > c.done.length) problems.push(`${where} showed up to ${c.maxBars} bars for ${c.done.length} runs: updates were appended, not made in place`);
      bars += c.done.length;
      console.log(`  progress (code cell ${c.number}): ${updates.length} bar states seen, e.g. ${updates.slice(0, 4).join(", ")}; ended as:`);
      for (const d of c.done) console.log(`    ${d}`);
    }
  }
  // the classic notebook scrolls inside #site: a window as tall as the notebook shows every cell
  const tall = await page.evaluate(() => document.getElementById("notebook").scrollHeight + document.getElementById("header").offsetHeight + 40);
  await page.setViewport({ width: 1280, height: Math.min(tall, 16000) });
  await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: screenshot });
  console.log(`  ${seconds()} s: ${report.length} code cells, ${charts} chart(s), ${bars} progress summary line(s); screenshot ${screenshot}`);
  // the kernel keeps running: the runner reads its peak memory, then stops bin/lab, which shuts it down
} catch (e) {
  problems.push(`the browser test stopped: ${e.message}`);
} finally {
  await browser.close();
}
for (const p of problems) console.log(`  ✘ ${p}`);
if (problems.length) process.exit(1);
console.log("  ✔ all cells ran in the browser: charts shown, progress updated in place and ended in its summary, no errors");

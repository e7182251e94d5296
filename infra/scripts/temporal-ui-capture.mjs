// Opens Temporal Web UI pages in headless Chromium through the DevTools protocol, waits until each
// page shows the texts it must show, and saves a screenshot of each. The DevTools protocol (rather
// than `chromium --screenshot`) because the list's columns are a browser setting (localStorage
// "namespace-workflow-table-columns") set before the page loads, and because the UI fills the list
// after its first paint, so the capture waits for the rows.
//
//   node --experimental-websocket temporal-ui-capture.mjs CHROMIUM UI_URL NAMESPACE COLUMNS_JSON \
//        PAGE_PATH PNG 'TEXT|TEXT...' [PAGE_PATH PNG 'TEXT|TEXT...']...
//
// Exit status 0 when every page showed its texts (its visible text is printed to stderr otherwise).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [chromium, ui, namespace, columns, ...rest] = process.argv.slice(2);
const pages = [];
for (let i = 0; i + 2 < rest.length + 1 && i < rest.length; i += 3) {
  pages.push({ path: rest[i], png: rest[i + 1], texts: rest[i + 2].split("|").filter(Boolean) });
}
const profile = mkdtempSync(join(tmpdir(), "renderowl-ui-chromium-"));
const browser = spawn(chromium, [
  "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
  `--user-data-dir=${profile}`, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
  "about:blank",
]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const killer = setTimeout(() => { console.error("ui-capture: gave up after 180 s"); finish(1); }, 180000);

function finish(status) {
  clearTimeout(killer);
  browser.kill("SIGTERM");
  setTimeout(() => { try { rmSync(profile, { recursive: true, force: true }); } catch {} process.exit(status); }, 500);
}

const endpoint = await new Promise((resolve, reject) => {
  let err = "";
  browser.stderr.on("data", (d) => {
    err += d;
    const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
  browser.on("exit", (code) => reject(new Error(`chromium exited ${code}: ${err}`)));
});
const ws = new WebSocket(endpoint);
await new Promise((r, j) => { ws.onopen = r; ws.onerror = j; });
let nextId = 1;
const waiting = new Map();
ws.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (message.id && waiting.has(message.id)) {
    const { resolve, reject } = waiting.get(message.id);
    waiting.delete(message.id);
    message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result);
  }
};
const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
  const id = nextId++;
  waiting.set(id, { resolve, reject });
  ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
});

const { targetId } = await send("Target.createTarget", { url: "about:blank" });
const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
const page = (method, params) => send(method, params, sessionId);
// The page's text and its frames' (the UI renders a summary's Markdown in a sandboxed iframe:
// its srcdoc when its document is out of reach).
const VISIBLE_TEXT = `(() => {
  const frames = [...document.querySelectorAll("iframe")].map((f) => {
    try { return f.contentDocument.body.innerText; } catch (e) { return f.srcdoc || ""; }
  });
  return [document.body ? document.body.innerText : "", ...frames].join("\\n");
})()`;
const text = async () =>
  (await page("Runtime.evaluate", { expression: VISIBLE_TEXT, returnByValue: true })).result.value ?? "";
await page("Page.enable");
await page("Emulation.setDeviceMetricsOverride", { width: 1600, height: 1000, deviceScaleFactor: 1, mobile: false });
// The column setting belongs to the UI's origin: open it once, set it, then load the pages.
await page("Page.navigate", { url: ui + "/" });
await sleep(2000);
await page("Runtime.evaluate", {
  expression: `localStorage.setItem("namespace-workflow-table-columns", ${JSON.stringify(JSON.stringify({ [namespace]: JSON.parse(columns) }))})`,
});
let status = 0;
for (const { path, png, texts } of pages) {
  await page("Page.navigate", { url: ui + path });
  let shown = "";
  const deadline = Date.now() + 45000;
  while (Date.now() < deadline) {
    shown = await text();
    if (texts.every((t) => shown.includes(t))) break;
    await sleep(500);
  }
  const missing = texts.filter((t) => !shown.includes(t));
  await sleep(500); // the last rows' fade-in
  const shot = await page("Page.captureScreenshot", { format: "png" });
  writeFileSync(png, Buffer.from(shot.data, "base64"));
  if (missing.length) {
    console.error(`ui-capture: ${path} lacks ${JSON.stringify(missing)}; it shows:\n${shown}`);
    status = 1;
  } else {
    console.log(`ui-capture: ${path} shows ${JSON.stringify(texts)} (${png})`);
  }
}
ws.close();
finish(status);

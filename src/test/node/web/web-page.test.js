// OneShot's web page end to end in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core).
//
// Starts the real server (Serve) on a free port with a temporary gallery and an admin key, then, through the page only:
// gives the key, enrols two bbt people (one with the file picker, one by drag-and-drop), checks a refused upload shows
// the API's own message, identifies a bbt group photo, verifies two pairs, deletes a person (keyboard, confirm) and
// checks the list. Each step asserts on the page's text and DOM, and compares what the page shows with the API's own
// answer to the same request; screenshots of each state go to ONESHOT_SCREENSHOTS (default target/web-screenshots).
//
//   node web-page.test.js        (from the project root after `mvn test-compile dependency:copy-dependencies`, or run
//                                 by oneshot.server.WebPageBrowserTest, which passes the JVM and classpath below)
// Environment: ONESHOT_JAVA (java), ONESHOT_CLASSPATH (target/classes:target/dependency/*), ONESHOT_SHARED (../shared),
// ONESHOT_SCREENSHOTS, CHROMIUM (/usr/bin/chromium), ONESHOT_MODEL (dlib-resnet34).
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '../../../..');
const shared = path.resolve(process.env.ONESHOT_SHARED || path.join(root, '../shared'));
const java = process.env.ONESHOT_JAVA || 'java';
const classpath = process.env.ONESHOT_CLASSPATH
  || [path.join(root, 'target/classes'), path.join(root, 'target/dependency/*')].join(path.delimiter);
const screenshots = path.resolve(process.env.ONESHOT_SCREENSHOTS || path.join(root, 'target/web-screenshots'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const model = process.env.ONESHOT_MODEL || 'dlib-resnet34';
const STEP_MS = 120_000; // one step on the loaded 2-core machine: a group photo through MTCNN + the model

const bbt = (name, i) => path.join(shared, 'data/bbt', name, `${name}${i}.png`);
const scene = path.join(shared, 'data/bbt-scenes/bbt3.jpg');

function log(message) {
  process.stdout.write(`[web-test] ${message}\n`);
}

// ---- the server ----

async function startServer(work) {
  const key = 'web-test-admin-key-0123456789';
  const recognitionKey = 'web-test-recognition-key-0123456789';
  const keyFile = path.join(work, 'admin.key');
  const recognitionKeyFile = path.join(work, 'recognition.key');
  fs.writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  fs.writeFileSync(recognitionKeyFile, `${recognitionKey}\n`, { mode: 0o600 });
  const args = ['-Xmx3g', '-Dai.djl.offline=true', `-Doneshot.shared=${shared}`, '-cp', classpath, 'Serve',
    '--port', '0', '--gallery', path.join(work, 'web-test.gallery'), '--model', model, '--admin-key-file', keyFile,
    '--recognition-key-file', recognitionKeyFile];
  log(`starting ${java} ... Serve ${args.slice(args.indexOf('Serve') + 1).join(' ')}`);
  const child = spawn(java, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Serve printed no URL within ${STEP_MS / 1000} s:\n${output}`)), STEP_MS);
    const read = (chunk) => {
      output += chunk;
      const m = output.match(/OneShot serving (https?:\/\/\S+?:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Serve exited with ${code} before it was ready:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  child.stdout.on('data', (c) => { output += c; });
  child.stderr.on('data', (c) => { output += c; });
  log(`server ready at ${url}`);
  return { child, url, key, recognitionKey, output: () => output };
}

async function stopServer(server) {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// The API's own answer to a request, to compare with what the page shows.
async function apiCall(server, method, route, form) {
  const response = await fetch(`${server.url}/api/v1${route}`, {
    method, headers: { 'X-Api-Key': server.key }, body: form,
  });
  return { status: response.status, json: await response.json() };
}

function formWith(fields) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'object' && value.text !== undefined) form.append(name, value.text); // a plain form field
    else form.append(name, new Blob([fs.readFileSync(value)]), path.basename(value));
  }
  return form;
}

// ---- the page ----

async function shot(page, name) {
  const file = path.join(screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`screenshot ${path.relative(root, file)}`);
}

async function peopleOnPage(page) {
  return page.$$eval('#people > li', (items) => items.map((li) => ({
    name: li.dataset.name,
    text: li.textContent,
    faces: li.querySelectorAll('.faces > li').length,
  })));
}

// Drops a file on a drop zone the way a browser does: a DataTransfer holding a File, in a 'drop' event.
async function dropFile(page, zoneSelector, file, type) {
  const bytes = fs.readFileSync(file).toString('base64');
  const transfer = await page.evaluateHandle(({ name, b64, mime }) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], name, { type: mime }));
    return dt;
  }, { name: path.basename(file), b64: bytes, mime: type });
  await page.dispatchEvent(zoneSelector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(zoneSelector, 'drop', { dataTransfer: transfer });
}

// The threshold as the API gave it: rule and value, calibrated or not, and its origin.
async function assertThresholdShown(page, selector, threshold) {
  const text = await page.textContent(selector);
  assert.ok(text.includes(`${threshold.rule} ${threshold.value.toFixed(3)}`), `${selector} shows the threshold: ${text}`);
  assert.equal(await page.textContent(`${selector} .badge`), threshold.calibrated ? 'calibrated' : 'not calibrated');
  assert.ok(text.includes(threshold.origin), `${selector} shows where the threshold comes from: ${text}`);
}

async function enrol(page, name, file, how) {
  await page.fill('#enrol-name', name);
  if (how === 'drop') await dropFile(page, '.drop[data-input="enrol-file"]', file, 'image/png');
  else await page.setInputFiles('#enrol-file', file);
  await page.waitForFunction(() => document.querySelector('#enrol-file').files.length === 1);
  await page.click('#enrol-form button[type=submit]');
  await page.waitForFunction(
    (n) => document.querySelector(`#people > li[data-name="${n}"]`) || document.querySelector('#enrol-error').textContent,
    name, { timeout: STEP_MS });
  const error = await page.textContent('#enrol-error');
  assert.equal(error, '', `enrolling ${name} from ${file} failed on the page: ${error}`);
  assert.match(await page.textContent('#enrol-status'), new RegExp(`Enrolled ${name} from ${path.basename(file)}`));
}

async function run(server, page, work) {
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // 1. The key: asked once, kept in sessionStorage.
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForSelector('#key-section:not([hidden])', { timeout: STEP_MS });
  await shot(page, '01-api-key');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'key-input', 'the key field has the focus');
  await page.fill('#key-input', server.key);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#key-section[hidden]', { state: 'attached' });
  assert.equal(await page.evaluate(() => sessionStorage.getItem('oneshot.apiKey')), server.key);
  await page.waitForFunction(() => /Threshold/.test(document.querySelector('#threshold-info').textContent), null,
    { timeout: STEP_MS });
  const gallery = (await apiCall(server, 'GET', '/galleries/default')).json;
  await assertThresholdShown(page, '#threshold-info', gallery.threshold);
  assert.equal(await page.isVisible('#people-empty'), true, 'an empty gallery says so');

  // 2. Enrol two people: Penny with the file picker, Sheldon by drag-and-drop.
  await enrol(page, 'penny', bbt('penny', 1), 'picker');
  await enrol(page, 'sheldon', bbt('sheldon', 1), 'drop');
  let people = await peopleOnPage(page);
  assert.deepEqual(people.map((p) => p.name), ['penny', 'sheldon']);
  for (const p of people) {
    assert.equal(p.faces, 1, `${p.name} shows one enrolled face`);
    assert.match(p.text, /1 face/);
    assert.match(p.text, /box -?\d+, -?\d+, \d+ × \d+/, `${p.name} shows the face's box`);
  }
  const apiPeople = (await apiCall(server, 'GET', '/galleries/default/subjects')).json;
  assert.deepEqual(apiPeople.map((s) => s.name).sort(), ['penny', 'sheldon'], 'the server holds what the page shows');
  const health = (await apiCall(server, 'GET', '/health')).json;
  const served = (await apiCall(server, 'GET', '/models')).json.find((m) => m.id === health.model);
  assert.ok((await page.textContent('#gallery-info')).includes(`model ${served.architecture} (${health.model})`),
    "the gallery's model is shown");
  await shot(page, '02-gallery-two-people');

  // 3. A refused upload shows the API's own message (a text file named .jpg).
  const notAnImage = path.join(work, 'notes.jpg');
  fs.writeFileSync(notAnImage, 'hello, this is not an image\n');
  const refusal = await apiCall(server, 'POST', '/galleries/default/subjects/penny/faces', formWith({ image: notAnImage }));
  assert.ok(refusal.status >= 400 && refusal.status < 500, `the API refuses a text file: ${JSON.stringify(refusal)}`);
  await page.fill('#enrol-name', 'penny');
  await page.setInputFiles('#enrol-file', notAnImage);
  await page.click('#enrol-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#enrol-error').textContent, null, { timeout: STEP_MS });
  assert.equal(await page.textContent('#enrol-error'), `Enrolling penny from notes.jpg: ${refusal.json.error.message}`);
  assert.equal((await peopleOnPage(page)).find((p) => p.name === 'penny').faces, 1, 'the refused photo added no face');
  await shot(page, '03-enrol-refused');
  fs.unlinkSync(notAnImage);
  await page.fill('#enrol-name', ''); // a new attempt clears the last one's message
  assert.equal(await page.textContent('#enrol-error'), '');
  await page.setInputFiles('#enrol-file', []);

  // ... and so does a group photo, where it is not clear whom to enrol (422 several_faces).
  const group = await apiCall(server, 'POST', '/galleries/default/subjects/penny/faces', formWith({ image: scene }));
  assert.equal(group.status, 422, JSON.stringify(group.json));
  await page.fill('#enrol-name', 'penny');
  await page.setInputFiles('#enrol-file', scene);
  await page.click('#enrol-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#enrol-error').textContent, null, { timeout: STEP_MS });
  assert.equal(await page.textContent('#enrol-error'), `Enrolling penny from bbt3.jpg: ${group.json.error.message}`);
  await page.fill('#enrol-name', '');
  await page.setInputFiles('#enrol-file', []);

  // 4. Identify a group photo: boxes and labels over the image and a table, exactly the API's answer.
  await page.click('nav a[href="#identify"]');
  await page.waitForSelector('#identify:not([hidden])');
  assert.equal(await page.isVisible('#gallery'), false, 'one section at a time');
  await page.setInputFiles('#identify-file', scene);
  await page.click('#identify-form button[type=submit]');
  await page.waitForFunction(
    () => !document.querySelector('#identify-result').hidden || document.querySelector('#identify-error').textContent,
    null, { timeout: STEP_MS });
  assert.equal(await page.textContent('#identify-error'), '');
  const expected = (await apiCall(server, 'POST', '/galleries/default/identify?candidates=3', formWith({ image: scene }))).json;
  const rows = await page.$$eval('#identify-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, expected.faces.length, 'one table row per face the API found');
  rows.forEach((row, i) => {
    const face = expected.faces[i];
    assert.equal(row[1], face.label, `row ${i + 1}: label`);
    assert.equal(row[2], face.distance.toFixed(3), `row ${i + 1}: distance`);
  });
  const labels = rows.map((r) => r[1]);
  for (const name of ['penny', 'sheldon']) assert.ok(labels.includes(name), `${name} is named in bbt3: ${labels}`);
  assert.ok(labels.includes('unknown'), `bbt3's other people are unknown: ${labels}`);
  const boxes = await page.$$eval('#identify-boxes .box', (bs) => bs.map((b) => ({
    label: b.textContent, unknown: b.classList.contains('unknown'),
    w: b.getBoundingClientRect().width, h: b.getBoundingClientRect().height,
  })));
  assert.equal(boxes.length, expected.faces.length, 'one box over the image per face');
  boxes.forEach((b, i) => {
    assert.equal(b.label, `${expected.faces[i].label} ${expected.faces[i].distance.toFixed(3)}`);
    assert.equal(b.unknown, expected.faces[i].name === null || expected.faces[i].name === undefined);
    assert.ok(b.w > 5 && b.h > 5, `box ${i + 1} is drawn with a size (${b.w} x ${b.h})`);
  });
  await assertThresholdShown(page, '#identify-threshold', expected.threshold);
  await shot(page, '04-identify-group');

  // 5. Verify: two photos of Penny, then Penny and Sheldon.
  await page.click('nav a[href="#verify"]');
  await page.waitForSelector('#verify:not([hidden])');
  for (const [a, b, verdict, name] of [
    [bbt('penny', 2), bbt('penny', 3), 'Same person', '05-verify-same'],
    [bbt('penny', 2), bbt('sheldon', 2), 'Different people', '06-verify-different'],
  ]) {
    await page.setInputFiles('#verify-file1', a);
    await page.setInputFiles('#verify-file2', b);
    await page.click('#verify-form button[type=submit]');
    await page.waitForFunction((v) => document.querySelector('#verify-verdict').textContent === v
      || document.querySelector('#verify-error').textContent, verdict, { timeout: STEP_MS });
    assert.equal(await page.textContent('#verify-error'), '');
    const api = (await apiCall(server, 'POST', '/galleries/default/verify', formWith({ image1: a, image2: b }))).json;
    assert.equal(await page.textContent('#verify-verdict'), api.same ? 'Same person' : 'Different people');
    assert.equal(await page.textContent('#verify-verdict'), verdict, `${path.basename(a)} vs ${path.basename(b)}`);
    assert.ok((await page.textContent('#verify-distance')).startsWith(api.distance.toFixed(3)));
    await assertThresholdShown(page, '#verify-threshold', api.threshold);
    assert.equal(await page.locator('#verify-result .box').count(), 2, 'a box on each photo');
    await shot(page, name);
  }
  // ... and a photo against an enrolled person (all of their enrolled faces), chosen from the gallery's people.
  assert.deepEqual(await page.$$eval('#verify-subject option', (os) => os.map((o) => o.value)), ['', 'penny', 'sheldon']);
  for (const [a, subject, verdict, name] of [
    [bbt('penny', 3), 'penny', 'Same person as penny', '06b-verify-subject-same'],
    [bbt('penny', 3), 'sheldon', 'Not sheldon', null],
  ]) {
    await page.setInputFiles('#verify-file1', a);
    await page.selectOption('#verify-subject', subject);
    await page.click('#verify-form button[type=submit]');
    await page.waitForFunction((v) => document.querySelector('#verify-verdict').textContent === v
      || document.querySelector('#verify-error').textContent, verdict, { timeout: STEP_MS });
    assert.equal(await page.textContent('#verify-error'), '');
    const api = (await apiCall(server, 'POST', '/galleries/default/verify',
      formWith({ image: a, subject: { text: subject } }))).json;
    assert.equal(await page.textContent('#verify-verdict'), api.same ? `Same person as ${subject}` : `Not ${subject}`);
    assert.equal(await page.textContent('#verify-verdict'), verdict, `${path.basename(a)} vs ${subject}`);
    assert.ok((await page.textContent('#verify-distance')).startsWith(api.distance.toFixed(3)));
    assert.equal(await page.locator('#verify-result .box').count(), 1, 'a box on the one photo');
    assert.equal(await page.isVisible('#verify-result figure >> nth=1'), false, 'no second photo to show');
    if (name) await shot(page, name);
  }
  await page.selectOption('#verify-subject', '');

  // 6. Delete Sheldon with the keyboard: cancelling the confirmation keeps him, accepting removes him.
  await page.click('nav a[href="#gallery"]');
  await page.waitForSelector('#gallery:not([hidden])');
  const deleteSheldon = 'button[aria-label="Delete sheldon"]';
  page.once('dialog', (d) => d.dismiss());
  await page.focus(deleteSheldon);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.deepEqual((await peopleOnPage(page)).map((p) => p.name), ['penny', 'sheldon'], 'cancel keeps sheldon');
  page.once('dialog', (d) => {
    assert.match(d.message(), /Delete sheldon/);
    d.accept();
  });
  await page.focus(deleteSheldon);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('#people > li[data-name="sheldon"]'), null, { timeout: STEP_MS });
  people = await peopleOnPage(page);
  assert.deepEqual(people.map((p) => p.name), ['penny']);
  assert.equal(await page.textContent('#people-status'), 'Deleted sheldon (1 face).');
  const left = (await apiCall(server, 'GET', '/galleries/default/subjects')).json;
  assert.deepEqual(left.map((s) => s.name), ['penny'], 'the server no longer holds sheldon');
  await shot(page, '07-gallery-after-delete');

  // 7. A reload keeps the key for this tab (asked once).
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#people > li[data-name="penny"]', { timeout: STEP_MS });
  assert.equal(await page.isVisible('#key-section'), false, 'the key is not asked again');

  // 8. Another key through "API key…": a recognition key may not delete; the page says why and penny stays.
  await page.click('#change-key');
  await page.waitForSelector('#key-section:not([hidden])');
  await page.fill('#key-input', server.recognitionKey);
  await page.click('#key-form button[type=submit]');
  await page.waitForSelector('#people > li[data-name="penny"]', { timeout: STEP_MS });
  const forbidden = await fetch(`${server.url}/api/v1/galleries/default/subjects/penny`,
    { method: 'DELETE', headers: { 'X-Api-Key': server.recognitionKey } });
  assert.equal(forbidden.status, 403);
  page.once('dialog', (d) => d.accept());
  await page.click('button[aria-label="Delete penny"]');
  await page.waitForFunction(() => document.querySelector('#people-error').textContent, null, { timeout: STEP_MS });
  assert.equal(await page.textContent('#people-error'), `Deleting penny: ${(await forbidden.json()).error.message}`);
  assert.deepEqual((await peopleOnPage(page)).map((p) => p.name), ['penny'], 'a refused delete keeps penny');
  await shot(page, '08-recognition-key-refused');

  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
}

async function main() {
  fs.mkdirSync(screenshots, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oneshot-web-test-'));
  let server;
  let context;
  let page;
  try {
    server = await startServer(work);
    context = await chromium.launchPersistentContext(path.join(work, 'chromium-profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
    context.setDefaultTimeout(STEP_MS);
    page = context.pages()[0] || await context.newPage();
    await run(server, page, work);
    log('PASS: key, enrol (picker and drop), refused uploads, identify, verify, delete, recognition key refused');
  } catch (e) {
    if (page) await page.screenshot({ path: path.join(screenshots, 'failure.png'), fullPage: true }).catch(() => {});
    if (server) process.stderr.write(`--- server output ---\n${server.output()}\n---\n`);
    throw e;
  } finally {
    if (context) await context.close();
    await stopServer(server);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`[web-test] FAIL: ${e.stack || e}\n`);
  process.exit(1);
});

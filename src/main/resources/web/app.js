// OneShot's web page: enrol, list, identify and verify through the HTTP API (/api/v1, docs/api.md).
// Plain browser JavaScript, no framework and no build step. Every piece of text from the server or the user goes into
// the page through textContent, never innerHTML.
'use strict';

const API = '/api/v1';
const KEY_STORE = 'oneshot.apiKey';
const state = { gallery: 'default', people: new Set() };

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// One way to call the API: the key from sessionStorage, JSON or multipart bodies, the API's error.message on failure.
async function api(method, path, body) {
  const headers = {};
  const key = sessionStorage.getItem(KEY_STORE);
  if (key) headers['X-Api-Key'] = key;
  if (body !== undefined && !(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API + path, { method, headers, body });
  } catch (e) {
    throw new ApiError(0, 'network', `The server did not answer (${e.message}). Is Serve still running?`);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = null; }
  }
  if (!response.ok) {
    const error = json && json.error ? json.error : null;
    const message = error && error.message
      ? error.message
      : `The server answered ${response.status} ${response.statusText} without an explanation.`;
    if (response.status === 401) askForKey(message);
    throw new ApiError(response.status, error && error.code ? error.code : `http_${response.status}`, message);
  }
  if (text && json === null) {
    throw new ApiError(response.status, 'bad_response', `The server's answer to ${method} ${path} is not JSON.`);
  }
  return json;
}

// The API's message, said of what the user did: "Enrolling penny from notes.jpg: <error.message>".
async function saying(what, promise) {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof ApiError) throw new ApiError(e.status, e.code, `${what}: ${e.message}`);
    throw e;
  }
}

function galleryPath(rest = '') {
  return `/galleries/${encodeURIComponent(state.gallery)}${rest}`;
}

function subjectPath(name, rest = '') {
  return galleryPath(`/subjects/${encodeURIComponent(name)}${rest}`);
}

function imageForm(fields) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof File) form.append(name, value, value.name);
    else form.append(name, value);
  }
  return form;
}

// ---- small view helpers ----

function $(id) { return document.getElementById(id); }

function element(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'className') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const child of children) e.append(child);
  return e;
}

function number(x) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : '–';
}

function boxText(box) {
  if (!box) return '–';
  return `${Math.round(box.x)}, ${Math.round(box.y)}, ${Math.round(box.width)} × ${Math.round(box.height)}`;
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

function setMessage(id, text) {
  $(id).textContent = text || '';
}

function showError(id, error) {
  setMessage(id, error ? (error.message || String(error)) : '');
}

// One form's submit: its button disabled and "<name>-status" saying what runs; on failure the API's message in
// "<name>-error" and the old result (if any) hidden, so a result on screen always belongs to the last attempt.
function onSubmit(name, runningText, action, resultId) {
  const form = $(`${name}-form`);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    setMessage(`${name}-status`, runningText);
    showError(`${name}-error`, null);
    try {
      setMessage(`${name}-status`, (await action(form)) || '');
    } catch (e) {
      setMessage(`${name}-status`, '');
      showError(`${name}-error`, e);
      if (resultId) $(resultId).hidden = true;
    } finally {
      button.disabled = false;
    }
  });
}

// ---- API key ----

function askForKey(reason) {
  $('key-reason').textContent = reason
    ? `${reason}${/[.!?]$/.test(reason) ? '' : '.'} Enter a key: an admin key manages people, a recognition key only identifies and verifies.`
    : 'Enter a key: an admin key manages people, a recognition key only identifies and verifies.';
  $('key-section').hidden = false;
  $('key-input').focus();
}

function setUpKeyForm() {
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('key-input').value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY_STORE, key);
    $('key-input').value = '';
    $('key-section').hidden = true;
    loadGallery();
  });
  $('change-key').addEventListener('click', () => askForKey(''));
}

// ---- sections (hash navigation: plain links, so keyboard and history work) ----

function showSection() {
  const wanted = (location.hash || '#gallery').slice(1);
  const name = ['gallery', 'identify', 'verify'].includes(wanted) ? wanted : 'gallery';
  for (const page of document.querySelectorAll('.page')) page.hidden = page.id !== name;
  for (const link of document.querySelectorAll('.tabs a')) {
    if (link.dataset.section === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

// ---- drop zones: a file input inside, so click, keyboard and drag-and-drop all end in input.files ----

function setUpDropZones() {
  for (const zone of document.querySelectorAll('.drop')) {
    const input = $(zone.dataset.input);
    const text = zone.querySelector('.drop-text');
    const original = text.innerHTML; // static markup from index.html
    const preview = zone.querySelector('.preview');
    const show = () => {
      const file = input.files[0];
      zone.classList.toggle('has-file', Boolean(file));
      if (!file) {
        text.innerHTML = original;
        if (preview) preview.hidden = true;
        return;
      }
      text.textContent = `${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB) — drop or choose another`;
      if (preview) {
        if (preview.src) URL.revokeObjectURL(preview.src);
        preview.onerror = () => { preview.hidden = true; };
        preview.src = URL.createObjectURL(file);
        preview.alt = `Chosen photo ${file.name}`;
        preview.hidden = false;
      }
    };
    input.addEventListener('change', show);
    input.form.addEventListener('reset', () => setTimeout(show, 0));
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      const files = event.dataTransfer.files;
      if (!files || files.length === 0) return;
      const one = new DataTransfer();
      one.items.add(files[0]);
      input.files = one.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
}

function chosenFile(inputId, what) {
  const file = $(inputId).files[0];
  if (!file) throw new Error(`Choose or drop ${what} first.`);
  return file;
}

// ---- gallery: model and threshold, people and their faces ----

async function loadGallery() {
  try {
    const health = await api('GET', '/health');
    if (health && health.gallery) state.gallery = health.gallery;
    const [g, models] = await Promise.all([api('GET', galleryPath()), api('GET', '/models')]);
    if (g.usable === false) { // built with another model than the server runs: listed, not usable here
      $('gallery-info').textContent = `Gallery “${g.name}” cannot be used: ${g.reason || `model ${g.model}`}`;
      $('threshold-info').textContent = '';
      return;
    }
    const id = g.model || health.model;
    const description = (models || []).find((m) => m.id === id);
    const model = description && description.architecture && description.architecture !== 'unknown'
      ? `${description.architecture} (${id})` : id;
    $('gallery-info').textContent =
      `Gallery “${g.name}” · model ${model} · ${g.people} ${g.people === 1 ? 'person' : 'people'}, ${g.faces} `
      + `face${g.faces === 1 ? '' : 's'}`;
    showThreshold($('threshold-info'), g.threshold);
  } catch (e) {
    $('gallery-info').textContent = e.status === 401 ? 'Enter an API key to see the gallery.'
      : `Gallery not available: ${e.message}`;
    $('threshold-info').textContent = '';
    return;
  }
  await loadPeople();
}

// "same person when distance <= 0.190 [not calibrated] · origin": the rule and value, whether the threshold was chosen on
// the user's own data (a calibration run) or is the model's LFW default, and where it comes from.
function showThreshold(target, t) {
  const badge = element('span', {
    className: `badge ${t && t.calibrated ? 'calibrated' : 'uncalibrated'}`,
    text: t && t.calibrated ? 'calibrated' : 'not calibrated',
  });
  const rule = t && t.rule ? `distance ${t.rule} ` : '';
  target.replaceChildren(`Threshold: same person when ${rule}${t ? number(t.value) : '–'} `, badge,
    t && t.origin ? ` · ${t.origin}` : '');
}

async function loadPeople() {
  showError('people-error', null);
  let subjects;
  try {
    subjects = await api('GET', galleryPath('/subjects'));
  } catch (e) {
    showError('people-error', e);
    return;
  }
  const details = await Promise.all(subjects.map((s) =>
    api('GET', subjectPath(s.name)).catch((e) => ({ name: s.name, error: e }))));
  state.people = new Set(subjects.map((s) => s.name));
  fillSubjectChoice(subjects.map((s) => s.name));
  const list = $('people');
  list.replaceChildren(...subjects.map((s, i) => personItem(s, details[i])));
  $('people-count').textContent = `(${subjects.length})`;
  $('people-empty').hidden = subjects.length > 0;
}

// Verify's "or an enrolled person": the people of the gallery, keeping the choice while that person is still there.
function fillSubjectChoice(names) {
  const select = $('verify-subject');
  const chosen = select.value;
  select.replaceChildren(element('option', { value: '', text: '(the second photo)' }),
    ...names.map((n) => element('option', { value: n, text: n })));
  select.value = names.includes(chosen) ? chosen : '';
  select.dispatchEvent(new Event('change'));
}

function personItem(subject, detail) {
  const faces = detail && Array.isArray(detail.faces) ? detail.faces : [];
  const facesList = element('ul', { className: 'faces' }, faces.map((face) => faceItem(subject.name, face)));
  const count = subject.faces === 1 ? '1 face' : `${subject.faces} faces`;
  const children = [
    element('div', { className: 'person-head' }, [
      element('h4', { className: 'person-name', text: subject.name }),
      element('span', { className: 'hint', text: `${count}${subject.enrolled ? ` · enrolled ${when(subject.enrolled)}` : ''}` }),
      element('button', {
        type: 'button', className: 'danger', text: 'Delete', 'aria-label': `Delete ${subject.name}`,
        onclick: () => deletePerson(subject.name),
      }),
    ]),
    facesList,
  ];
  if (detail && detail.error) children.push(element('p', { className: 'error', text: detail.error.message }));
  return element('li', { className: 'person', 'data-name': subject.name }, children);
}

function faceItem(name, face) {
  const thumb = face.thumbnail || face.crop;
  const parts = [];
  if (thumb) parts.push(element('img', { className: 'thumb', src: thumb, alt: `Face ${face.id} of ${name}` }));
  const source = face.source ? String(face.source) : '';
  parts.push(element('span', {
    className: 'face-text',
    text: `box ${boxText(face.box)}${source ? ` · photo SHA-256 ${source.length > 16 ? `${source.slice(0, 12)}…` : source}` : ''}`
      + `${face.enrolled ? ` · ${when(face.enrolled)}` : ''}`,
    title: source,
  }));
  parts.push(element('button', {
    type: 'button', className: 'quiet', text: 'Remove face', 'aria-label': `Remove face ${face.id} of ${name}`,
    onclick: () => removeFace(name, face.id),
  }));
  return element('li', { className: 'face', 'data-face': String(face.id) }, parts);
}

async function deletePerson(name) {
  if (!window.confirm(`Delete ${name} and every enrolled face of ${name}? This cannot be undone.`)) return;
  await changePeople(async () => {
    const r = await saying(`Deleting ${name}`, api('DELETE', subjectPath(name)));
    return `Deleted ${r.removed} (${r.faces} face${r.faces === 1 ? '' : 's'}).`;
  });
}

async function removeFace(name, id) {
  if (!window.confirm(`Remove this face of ${name}?`)) return;
  await changePeople(async () => {
    await saying(`Removing a face of ${name}`, api('DELETE', subjectPath(name, `/faces/${encodeURIComponent(id)}`)));
    return `Removed a face of ${name}.`;
  });
}

// A change to the list, then the list as the server now has it; the change's message is shown after the reload
// (which clears the list's own error line).
async function changePeople(change) {
  setMessage('people-status', '');
  let done = '';
  let failure = null;
  try {
    done = await change();
  } catch (e) {
    failure = e;
  }
  await loadGallery();
  setMessage('people-status', done);
  if (failure) showError('people-error', failure);
}

function setUpEnrol() {
  // A new name or photo starts a new attempt: the last attempt's message no longer applies.
  for (const id of ['enrol-name', 'enrol-file']) {
    $(id).addEventListener('input', () => { showError('enrol-error', null); setMessage('enrol-status', ''); });
  }
  onSubmit('enrol', 'Enrolling…', async (form) => {
    const name = $('enrol-name').value.trim();
    if (!name) throw new Error('Type the person’s name first.');
    const image = chosenFile('enrol-file', 'a photo of the person');
    const what = `Enrolling ${name} from ${image.name}`;
    let box;
    if (state.people.has(name)) {
      box = (await saying(what, api('POST', subjectPath(name, '/faces'), imageForm({ image })))).box;
    } else {
      const created = await saying(what, api('POST', galleryPath('/subjects'), imageForm({ name, image })));
      box = created.faces && created.faces[0] ? created.faces[0].box : null;
    }
    form.reset();
    await loadGallery();
    return `Enrolled ${name} from ${image.name} (face at ${boxText(box)}).`;
  });
}

// ---- boxes over an image: positioned in percent of the image, so they follow its displayed size ----

function drawBoxes(layer, width, height, boxes) {
  layer.replaceChildren(...boxes.map(({ box, label, known }) => {
    const b = element('div', { className: `box ${known ? 'known' : 'unknown'}` });
    b.style.left = `${(100 * box.x) / width}%`;
    b.style.top = `${(100 * box.y) / height}%`;
    b.style.width = `${(100 * box.width) / width}%`;
    b.style.height = `${(100 * box.height) / height}%`;
    b.append(element('span', { className: 'box-label', text: label }));
    return b;
  }));
}

function showImage(img, file) {
  if (img.src) URL.revokeObjectURL(img.src);
  return new Promise((resolve, reject) => {
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`The browser cannot display ${file.name}.`));
    img.src = URL.createObjectURL(file);
  });
}

function setUpIdentify() {
  onSubmit('identify', 'Identifying…', async () => {
    const image = chosenFile('identify-file', 'a photo');
    const r = await saying(`Identifying ${image.name}`,
      api('POST', galleryPath('/identify?candidates=3'), imageForm({ image })));
    await showIdentification(image, r);
    const named = r.faces.filter((f) => f.name).length;
    return `${r.faces.length} face${r.faces.length === 1 ? '' : 's'} found, ${named} recognised.`;
  }, 'identify-result');
}

async function showIdentification(file, r) {
  const img = $('identify-image');
  await showImage(img, file);
  img.alt = `${file.name}: ${r.faces.map((f) => f.label).join(', ') || 'no face found'}`;
  const faces = r.faces.map((f) => ({ box: f.box, known: Boolean(f.name), label: `${f.label} ${number(f.distance)}` }));
  drawBoxes($('identify-boxes'), r.width, r.height, faces);
  $('identify-caption').textContent = `${file.name}, ${r.width} × ${r.height}`;
  $('identify-summary').textContent = `Model ${r.model}; a face is named when its distance to the closest enrolled`
    + ' person is within the threshold, otherwise it is "unknown".';
  showThreshold($('identify-threshold'), r.threshold);
  const rows = r.faces.map((f, i) => element('tr', { className: f.name ? 'known' : 'unknown' }, [
    element('td', { text: String(i + 1) }),
    element('td', { className: 'label', text: f.label }),
    element('td', { text: number(f.distance) }),
    element('td', { text: boxText(f.box) }),
    element('td', { text: (f.candidates || []).map((c) => `${c.name} ${number(c.distance)}`).join(', ') || '–' }),
  ]));
  $('identify-table').tBodies[0].replaceChildren(...rows);
  $('identify-result').hidden = false;
}

function setUpVerify() {
  // with a person chosen the second photo is not used: say so by fading it
  const secondDrop = document.querySelector('.drop[data-input="verify-file2"]');
  $('verify-subject').addEventListener('change', () => {
    secondDrop.classList.toggle('unused', $('verify-subject').value !== '');
  });
  onSubmit('verify', 'Comparing…', async () => {
    const image1 = chosenFile('verify-file1', 'the first photo');
    const subject = $('verify-subject').value;
    if (subject) { // the photo against everything enrolled for that person (their template)
      const r = await saying(`Comparing ${image1.name} with ${subject}`,
        api('POST', galleryPath('/verify'), imageForm({ image: image1, subject })));
      await showVerification([image1], r, subject);
      return '';
    }
    const image2 = chosenFile('verify-file2', 'the second photo (or choose an enrolled person)');
    const r = await saying(`Comparing ${image1.name} with ${image2.name}`,
      api('POST', galleryPath('/verify'), imageForm({ image1, image2 })));
    await showVerification([image1, image2], r);
    return '';
  }, 'verify-result');
}

async function showVerification(files, r, subject) {
  const verdict = $('verify-verdict');
  verdict.textContent = subject ? (r.same ? `Same person as ${subject}` : `Not ${subject}`)
    : (r.same ? 'Same person' : 'Different people');
  verdict.className = `verdict ${r.same ? 'same' : 'different'}`;
  $('verify-distance').textContent = r.same ? `${number(r.distance)}, within the threshold`
    : `${number(r.distance)}, beyond the threshold`;
  showThreshold($('verify-threshold'), r.threshold);
  const figures = $('verify-result').querySelectorAll('figure');
  figures[1].hidden = files.length < 2; // against a person there is no second photo to show
  if (files.length < 2) figures[1].querySelector('.boxes').replaceChildren(); // nor the last comparison's box
  await Promise.all(files.map(async (file, i) => {
    const img = figures[i].querySelector('img');
    await showImage(img, file);
    img.alt = file.name;
    const box = r.faces && r.faces[i];
    drawBoxes(figures[i].querySelector('.boxes'), img.naturalWidth, img.naturalHeight,
      box ? [{ box, known: r.same, label: i === 0 ? '1' : '2' }] : []);
    figures[i].querySelector('figcaption').textContent = file.name;
  }));
  $('verify-result').hidden = false;
}

// ---- start ----

document.addEventListener('DOMContentLoaded', () => {
  setUpKeyForm();
  setUpDropZones();
  setUpEnrol();
  setUpIdentify();
  setUpVerify();
  window.addEventListener('hashchange', showSection);
  showSection();
  loadGallery();
});

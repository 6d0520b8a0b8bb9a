/* landwatch viewer: plain ES module over Leaflet (global L), no build step. Talks only to this server. */
import { STRINGS } from './i18n.js';

const $ = (sel) => document.querySelector(sel);
const MU_M2 = 10000 / 15;
const REVIEW = ['unreviewed', 'confirmed', 'legal', 'false_detection', 'field_check'];

const state = {
  lang: localStorage.getItem('lw.lang') || (navigator.language.startsWith('zh') ? 'zh' : 'en'),
  legend: { change: [], landuse: [] },
  jobId: null,
  layers: {},
  features: [],
  selected: null,
};

const t = (k) => STRINGS[state.lang][k] ?? STRINGS.en[k] ?? k;
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const fmt = (v, d = 1) => Number(v).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: d });

function legendOf(code) {
  return state.legend.change.find((e) => e.code === code) ?? { code, en: `code ${code}`, zh: `代码 ${code}`, color: '#888888' };
}
const legendName = (code) => legendOf(code)[state.lang];
function classOf(code) {
  const c = state.legend.landuse.find((e) => e.code === code);
  return c ? `${String(code).padStart(2, '0')} ${c[state.lang]}` : code == null ? '—' : String(code);
}

async function api(path, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  const token = $('#token').value.trim();
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { ...opts, headers });
  const type = res.headers.get('content-type') || '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body && body.detail ? `${body.code}: ${body.detail}` : `HTTP ${res.status}`);
  return body;
}

// ---------- map ----------
const map = L.map('map', { preferCanvas: true, zoomControl: true, attributionControl: false }).setView([30, 110], 4);
for (const [name, z] of [['epochA', 200], ['epochB', 210], ['landuse', 250], ['change', 300]]) map.createPane(name).style.zIndex = z;
const renderer = L.canvas({ padding: 0.5 });

function tileLayer(info, pane) {
  return L.tileLayer(info.tiles, { pane, minZoom: 0, maxZoom: 22, maxNativeZoom: info.maxzoom, bounds: L.latLngBounds([info.boundsLonLat[1], info.boundsLonLat[0]], [info.boundsLonLat[3], info.boundsLonLat[2]]), className: `lw-${info.id.split(':').pop()}` });
}

function updateSwipe() {
  const b = state.layers.top;
  if (!b) return;
  const c = b.getContainer();
  if (!c) return;
  if ($('#compare').value !== 'swipe') {
    c.style.clip = '';
    return;
  }
  const nw = map.containerPointToLayerPoint([0, 0]);
  const se = map.containerPointToLayerPoint(map.getSize());
  const x = nw.x + ((se.x - nw.x) * Number($('#swipe').value)) / 100;
  c.style.clip = `rect(${nw.y}px, ${se.x}px, ${se.y}px, ${x}px)`;
}
map.on('move zoom resize', updateSwipe);
$('#swipe').addEventListener('input', updateSwipe);

function applyCompare() {
  const mode = $('#compare').value;
  const fc = $('#false-colour').checked;
  const L_ = state.layers;
  for (const k of ['a', 'b', 'aFalse', 'bFalse']) if (L_[k] && map.hasLayer(L_[k])) map.removeLayer(L_[k]);
  const a = fc && L_.aFalse ? L_.aFalse : L_.a;
  const b = fc && L_.bFalse ? L_.bFalse : L_.b;
  if (a && mode !== 'b') a.addTo(map);
  if (b && mode !== 'a') b.addTo(map);
  state.layers.top = b;
  $('#swipe').hidden = mode !== 'swipe';
  if (b) b.once('load', updateSwipe);
  updateSwipe();
}
$('#compare').addEventListener('change', applyCompare);
$('#false-colour').addEventListener('change', applyCompare);

function overlayToggle(key, label, layer, on) {
  const id = `ov-${key}`;
  const el = document.createElement('label');
  el.innerHTML = `<input type="checkbox" id="${id}" ${on ? 'checked' : ''}> ${esc(label)}`;
  el.querySelector('input').addEventListener('change', (e) => (e.target.checked ? layer.addTo(map) : map.removeLayer(layer)));
  $('#overlays').append(el);
  if (on) layer.addTo(map);
}

function patchStyle(f) {
  const sel = state.selected === f.id;
  return { color: sel ? '#ffd43b' : legendOf(f.properties.code).color, weight: sel ? 4 : 2, fill: true, fillOpacity: 0.08, renderer };
}

// ---------- jobs ----------
async function pollJobs() {
  try {
    const doc = await api('/jobs?limit=50');
    renderJobs(doc.jobs || []);
    if (state.jobId === null) {
      const want = new URLSearchParams(location.hash.slice(1)).get('job');
      const first = (doc.jobs || []).find((j) => (want ? j.jobID === want : j.status === 'successful'));
      if (first && first.status === 'successful') openJob(first.jobID);
    }
  } catch (err) {
    $('#jobs').innerHTML = `<li class="err">${esc(err.message)}</li>`;
  }
}

function renderJobs(jobs) {
  const ul = $('#jobs');
  if (jobs.length === 0) {
    ul.innerHTML = `<li>${esc(t('noJobs'))}</li>`;
    return;
  }
  ul.innerHTML = jobs
    .map((j) => `<li data-job-id="${esc(j.jobID)}" class="${j.jobID === state.jobId ? 'active' : ''}"><span class="st">${esc(j.status)} ${j.progress}%</span><b>${esc(j.jobID.slice(0, 12))}</b><br><small>${esc(j.phase || '')} ${esc(j.created || '')}</small><div class="bar"><div style="width:${j.progress}%"></div></div></li>`)
    .join('');
  for (const li of ul.querySelectorAll('li[data-job-id]')) {
    const j = jobs.find((x) => x.jobID === li.dataset.jobId);
    li.addEventListener('click', () => j.status === 'successful' && openJob(j.jobID));
  }
}

$('#schedule-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const fd = new FormData(e.target);
  const inputs = {};
  for (const [k, v] of fd.entries()) if (v !== '') inputs[k] = k === 'mmu' ? Number(v) : v;
  const msg = $('#schedule-msg');
  try {
    const res = await api('/processes/change-detection/execution', { method: 'POST', headers: { 'Content-Type': 'application/json', Prefer: 'respond-async' }, body: JSON.stringify({ inputs }) });
    msg.className = 'msg';
    msg.textContent = `${t('submitted')} ${res.jobID ?? ''}`;
    pollJobs();
  } catch (err) {
    msg.className = 'msg err';
    msg.textContent = err.message;
  }
});

// ---------- one job ----------
async function openJob(jobId) {
  state.jobId = jobId;
  state.selected = null;
  history.replaceState(null, '', `#job=${encodeURIComponent(jobId)}`);
  for (const l of Object.values(state.layers)) if (l && map.hasLayer(l)) map.removeLayer(l);
  state.layers = {};
  $('#overlays').innerHTML = '';
  $('#detail').hidden = true;
  $('#report-link').hidden = false;
  $('#report-link').href = `/jobs/${encodeURIComponent(jobId)}/report`;
  for (const li of document.querySelectorAll('#jobs li')) li.classList.toggle('active', li.dataset.jobId === jobId);

  const { layers } = await api(`/jobs/${encodeURIComponent(jobId)}/layers`);
  const by = Object.fromEntries(layers.map((l) => [l.id.slice(jobId.length + 1), l]));
  if (by.a) state.layers.a = tileLayer(by.a, 'epochA');
  if (by['a-false']) state.layers.aFalse = tileLayer(by['a-false'], 'epochA');
  if (by.b) state.layers.b = tileLayer(by.b, 'epochB');
  if (by['b-false']) state.layers.bFalse = tileLayer(by['b-false'], 'epochB');
  applyCompare();
  if (by.change) overlayToggle('change', t('changeLayer'), (state.layers.change = tileLayer(by.change, 'change').setOpacity(0.8)), true);
  if (by['landuse-a']) overlayToggle('landuse-a', t('landuseLayerA'), (state.layers.landuseA = tileLayer(by['landuse-a'], 'landuse').setOpacity(0.6)), false);
  if (by['landuse-b']) overlayToggle('landuse-b', t('landuseLayerB'), (state.layers.landuseB = tileLayer(by['landuse-b'], 'landuse').setOpacity(0.6)), false);
  const any = by.b || by.a || by.change;
  if (any) map.fitBounds([[any.boundsLonLat[1], any.boundsLonLat[0]], [any.boundsLonLat[3], any.boundsLonLat[2]]]);

  state.features = await loadItems(jobId);
  state.layers.patches = L.geoJSON({ type: 'FeatureCollection', features: state.features }, { style: patchStyle, onEachFeature: (f, l) => l.on('click', () => selectPatch(f.id)) });
  overlayToggle('patches', t('outlines'), state.layers.patches, true);
  await loadPlanning(jobId);
  applyLang();
  document.body.dataset.loadedJob = jobId;
}

async function loadItems(jobId) {
  const out = [];
  let url = `/collections/${encodeURIComponent(jobId)}/items?limit=1000`;
  while (url) {
    const page = await api(url, { headers: { Accept: 'application/geo+json' } });
    out.push(...page.features);
    const next = (page.links || []).find((l) => l.rel === 'next');
    url = next ? next.href : null;
  }
  return out;
}

async function loadPlanning(jobId) {
  let names = [];
  try {
    names = (await api(`/jobs/${encodeURIComponent(jobId)}/planning-layers`)).layers || [];
  } catch {
    return;
  }
  const colours = ['#2b8a3e', '#c2255c', '#5f3dc4', '#e67700', '#0b7285', '#495057'];
  names.forEach((l, i) => {
    const layer = L.geoJSON(null, { style: { color: colours[i % colours.length], weight: 1.5, dashArray: '4 3', fillOpacity: 0.05, renderer } });
    api(l.href, { headers: { Accept: 'application/geo+json' } }).then((g) => layer.addData(g)).catch(() => {});
    overlayToggle(`plan-${l.name}`, l.name.replace(/_/g, ' '), layer, false);
  });
}

function fillFilters() {
  const codes = [...new Set(state.features.map((f) => f.properties.code))].sort((a, b) => a - b);
  const ft = $('#f-type');
  const keep = ft.value;
  ft.innerHTML = `<option value="">${esc(t('allTypes'))}</option>` + codes.map((c) => `<option value="${c}">${c} ${esc(legendName(c))}</option>`).join('');
  ft.value = keep;
  const fr = $('#f-review');
  const keepR = fr.value;
  fr.innerHTML = `<option value="">${esc(t('allReview'))}</option>` + REVIEW.map((s) => `<option value="${s}">${esc(t(s))}</option>`).join('');
  fr.value = keepR;
}

function visibleFeatures() {
  const code = $('#f-type').value;
  const minArea = Number($('#f-area').value || 0);
  const review = $('#f-review').value;
  return state.features
    .filter((f) => (code === '' || String(f.properties.code) === code) && f.properties.area_m2 >= minArea && (review === '' || f.properties.review_status === review))
    .sort((a, b) => b.properties.area_m2 - a.properties.area_m2 || String(a.id).localeCompare(String(b.id)));
}

function renderPatchList() {
  const list = visibleFeatures();
  $('#patch-count').textContent = String(list.length);
  $('#patch-list').innerHTML = list
    .map((f) => `<li data-patch-id="${esc(f.id)}" class="${f.id === state.selected ? 'sel' : ''}"><span class="sw" style="background:${legendOf(f.properties.code).color}"></span>${esc(legendName(f.properties.code))} <span class="rv">${esc(t(f.properties.review_status || 'unreviewed'))}</span><span class="a">${fmt(f.properties.area_m2, 0)} m²</span></li>`)
    .join('');
  for (const li of document.querySelectorAll('#patch-list li')) li.addEventListener('click', () => selectPatch(li.dataset.patchId, true));
}
for (const id of ['#f-type', '#f-area', '#f-review']) $(id).addEventListener('input', renderPatchList);

function selectPatch(id, zoom = false) {
  const f = state.features.find((x) => String(x.id) === String(id));
  if (!f) return;
  state.selected = f.id;
  state.layers.patches?.setStyle(patchStyle);
  if (zoom) {
    const l = state.layers.patches?.getLayers().find((x) => x.feature.id === f.id);
    if (l) map.fitBounds(l.getBounds(), { maxZoom: 18, padding: [60, 60] });
  }
  for (const li of document.querySelectorAll('#patch-list li')) li.classList.toggle('sel', li.dataset.patchId === String(f.id));
  renderDetail(f);
}

function renderDetail(f) {
  const p = f.properties;
  const base = `/jobs/${encodeURIComponent(state.jobId)}/patches/${encodeURIComponent(f.id)}`;
  const rows = [
    [t('id'), f.id],
    [t('code'), `${p.code} ${legendName(p.code)}`],
    [t('area'), `${fmt(p.area_m2)} m² · ${fmt(p.area_m2 / MU_M2, 2)} 亩`],
    [t('pixels'), fmt(p.pixel_count, 0)],
    [t('from'), classOf(p.from_class)],
    [t('to'), classOf(p.to_class)],
    [t('magnitude'), p.mean_magnitude == null ? '—' : fmt(p.mean_magnitude)],
    [t('review'), t(p.review_status || 'unreviewed')],
  ];
  $('#attrs').innerHTML = rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  $('#thumb-a').src = `${base}/thumb-a.png`;
  $('#thumb-b').src = `${base}/thumb-b.png`;
  $('#review-msg').textContent = '';
  $('#detail').hidden = false;
}

for (const btn of document.querySelectorAll('#review-form button[data-status]')) {
  btn.addEventListener('click', async () => {
    const f = state.features.find((x) => x.id === state.selected);
    if (!f) return;
    const fd = new FormData($('#review-form'));
    // empty fields are left out (the API takes strings, not nulls); an approval goes with "legal" only
    const body = { status: btn.dataset.status };
    if (fd.get('comment')) body.comment = fd.get('comment');
    if (fd.get('reviewer')) body.reviewer = fd.get('reviewer');
    if (fd.get('approval_ref') && body.status === 'legal') body.approval_ref = fd.get('approval_ref');
    const msg = $('#review-msg');
    try {
      await api(`/collections/${encodeURIComponent(state.jobId)}/items/${encodeURIComponent(f.id)}/review`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      f.properties.review_status = body.status;
      msg.className = 'msg';
      msg.textContent = `${t('saved')}: ${t(body.status)}`;
      renderPatchList();
      renderDetail(f);
      msg.textContent = `${t('saved')}: ${t(body.status)}`;
    } catch (err) {
      msg.className = 'msg err';
      msg.textContent = err.message;
    }
  });
}

// ---------- language ----------
function applyLang() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  $('#lang').textContent = state.lang === 'zh' ? 'English' : '中文';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-ph]')) el.placeholder = t(el.dataset.i18nPh);
  const codes = [...new Set(state.features.map((f) => f.properties.code))];
  const shown = state.legend.change.filter((e) => codes.includes(e.code));
  $('#legend').innerHTML = shown.map((e) => `<div><span class="sw" style="background:${e.color}"></span>${e.code} ${esc(e[state.lang])}</div>`).join('');
  fillFilters();
  renderPatchList();
  const f = state.features.find((x) => x.id === state.selected);
  if (f) renderDetail(f);
}
$('#lang').addEventListener('click', () => {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('lw.lang', state.lang);
  applyLang();
});
$('#token').value = sessionStorage.getItem('lw.token') || '';
$('#token').addEventListener('change', () => sessionStorage.setItem('lw.token', $('#token').value));

// ---------- start ----------
state.legend = await api('/viewer/legend.json');
applyLang();
await pollJobs();
setInterval(pollJobs, 2000);
window.landwatch = { state, map, openJob };

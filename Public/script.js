// ECG analysis page: uploads a file to /predict (with include_trace) and renders the report.
// No build step, no dependencies.
"use strict";

/** Beat label → colour (AAMI classes of the bundled model; anything else falls back to grey). */
const BEAT_COLOURS = { N: "#2e7d32", S: "#1565c0", V: "#c62828", F: "#ef6c00", Q: "#6a1b9a" };
const BEAT_NAMES = { N: "normal", S: "supraventricular", V: "ventricular", F: "fusion", Q: "unclassifiable" };
const PIXELS_PER_SECOND = 100;   // 25 mm/s paper at 4 px/mm
const PIXELS_PER_MV = 80;        // 10 mm/mV at 8 px/mm
const DIGITIZED_COLOUR = "rgba(21, 101, 192, 0.85)";   // every digitized lead over the image
const ANALYSED_COLOUR = "rgba(230, 81, 0, 0.95)";      // the lead the analysis used

const $ = (id) => document.getElementById(id);

function setState(state) { document.body.dataset.state = state; }

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
  $("status").textContent = "";
  setState("error");
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

async function upload(file) {
  clearError();
  $("result").hidden = true;
  $("file-name").textContent = file.name;
  $("status").textContent = `Analysing ${file.name}…`;
  setState("busy");

  const form = new FormData();
  form.append("file", file, file.name);
  form.append("include_trace", "true");
  const lead = $("lead-input").value.trim();
  const rate = $("rate-input").value.trim();
  if (lead) form.append("lead", lead);
  if (rate) form.append("sample_rate", rate);

  let response, body;
  try {
    response = await fetch("predict", { method: "POST", body: form });
  } catch (error) {
    showError(`The service could not be reached (${error.message}).`);
    return;
  }
  try {
    body = await response.json();
  } catch {
    showError(`The service answered ${response.status} ${response.statusText} without a readable body.`);
    return;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    const retry = response.headers.get("Retry-After");
    showError(`Error ${response.status}: ${message}${retry ? ` (retry in ${retry} s)` : ""}`);
    return;
  }
  render(body);
  await drawImageOverlay(body.digitized ? file : null, body.digitized);
  $("status").textContent = `Analysed ${file.name} in ${fmt(body.timing && body.timing.total_ms, 1)} ms.`;
  setState("done");
}

// ---------- formatting helpers ----------

function fmt(value, digits = 0) {
  return typeof value === "number" && isFinite(value) ? value.toFixed(digits) : "–";
}

/** A row for a measured value `{value, unit, rule, reason}`: [name, "412 ms", rule] or [name, "not measured", reason, true]. */
function measuredRow(name, m, digits = 0) {
  if (!m || m.value === null || m.value === undefined) {
    return [name, "not measured", m && m.reason ? m.reason : "", true];
  }
  return [name, `${fmt(m.value, digits)} ${m.unit || ""}`.trim(), m.rule || "", false];
}

function fillList(list, items) {
  list.replaceChildren(...items.map((text) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }));
}

/** Fills a <dl> from [term, text, title?, missing?] rows. */
function fillDefinitions(dl, rows) {
  const children = [];
  for (const [term, text, title, missing] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = text;
    if (title) dd.title = title;
    if (missing) {
      dd.classList.add("missing");
      if (title) dd.textContent = `${text} — ${title}`;
    }
    children.push(dt, dd);
  }
  dl.replaceChildren(...children);
}

// ---------- rendering ----------

function render(report) {
  const diagnosis = report.diagnosis || {};
  $("diagnosis").textContent = diagnosis.label || diagnosis.summary || "No diagnosis";
  fillList($("findings"), diagnosis.findings || []);

  const score = report.score || {};
  $("risk-value").textContent = `${fmt(score.value)}/100`;
  $("risk-level").textContent = score.level || "";
  $("risk").dataset.level = score.level || "";
  $("recommendation").textContent = score.recommendation || "";
  const rows = (score.components || []).map((c) => {
    const tr = document.createElement("tr");
    if (c.points > 0) tr.classList.add("scored");
    for (const text of [c.name, `+${c.points}`, c.reason]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  $("risk-components").tBodies[0].replaceChildren(...rows);

  const hr = report.heart_rate || {};
  $("heart-rate").textContent = `${fmt(hr.mean_bpm)} bpm`;
  $("heart-rate-range").textContent =
    hr.min_bpm != null ? `range ${fmt(hr.min_bpm)}–${fmt(hr.max_bpm)} bpm over ${(hr.rr_ms || []).length} RR intervals` : "";
  const hrv = report.hrv || {};
  fillDefinitions($("hrv"), [
    measuredRow("SDNN", hrv.sdnn_ms, 1), measuredRow("RMSSD", hrv.rmssd_ms, 1), measuredRow("pNN50", hrv.pnn50_pct, 1),
  ]);

  const iv = report.intervals || {};
  fillDefinitions($("intervals"), [
    measuredRow("PR", iv.pr_ms), measuredRow("QRS", iv.qrs_ms), measuredRow("QT", iv.qt_ms),
    measuredRow("QTc Bazett", iv.qtc_bazett_ms), measuredRow("QTc Fridericia", iv.qtc_fridericia_ms),
  ]);

  const rhythm = report.rhythm || {};
  $("rhythm-label").textContent = rhythm.label || "";
  $("rhythm-label").title = rhythm.rule || "";
  const ectopy = rhythm.ectopy || {};
  const runs = rhythm.ventricular_runs || {};
  const pauses = rhythm.pauses || {};
  fillDefinitions($("rhythm"), [
    ["Rate", `${fmt(rhythm.rate_bpm)} bpm`],
    ["Regularity", rhythm.irregular ? "irregular" : "regular"],
    ["P waves", rhythm.p_waves_present == null ? "not assessed" : rhythm.p_waves_present ? "present" : "absent"],
    ["Ventricular ectopy", `${ectopy.ventricular_beats ?? 0} beats (${fmt(ectopy.ventricular_burden_pct, 1)} %)`],
    ["Supraventricular ectopy", `${ectopy.supraventricular_beats ?? 0} beats (${fmt(ectopy.supraventricular_burden_pct, 1)} %)`],
    ["V runs (≥3)", `${runs.count ?? 0}${runs.count ? `, longest ${runs.longest_beats} beats` : ""}`],
    ["Pauses", `${pauses.count ?? 0}${pauses.count ? `, longest ${fmt(pauses.longest_s, 2)} s` : ""}`],
    ...(!(rhythm.af_burden_pct > 0) ? [] : [["AF burden", `${fmt(rhythm.af_burden_pct, 1)} % of the recording`]]),
    ...(rhythm.episodes || []).length > 1 ? [["Episodes", episodeSummary(rhythm.episodes), episodeRules(rhythm.episodes)]] : [],
  ]);

  const beats = report.beats || [];
  $("beat-count").textContent = `${beats.length} beats`;
  fillDefinitions($("beat-counts"), Object.entries(report.beat_counts || {}).sort(([a], [b]) => a.localeCompare(b)).map(([label, count]) =>
    [`${label} (${BEAT_NAMES[label] || "class"})`, String(count)]));

  $("notes").textContent = report.doctors_notes || "";

  const signal = report.signal || {};
  const model = report.model || {};
  const quality = report.quality || {};
  fillDefinitions($("signal"), [
    ["Lead", `${signal.lead ?? "–"} of ${(signal.leads_available || []).join(", ") || "–"}`],
    ["Beat labels", beatReadingSummary(report.beat_reading)],
    ["Sampling", `${fmt(signal.sample_rate_hz)} Hz (${signal.sample_rate_source ?? "–"}), ${fmt(signal.duration_s, 1)} s`],
    ["Quality", `${quality.status ?? "–"}${(quality.issues || []).length ? ": " + quality.issues.join("; ") : ""}`],
    ...(report.digitized ? [["Digitized", digitizedSummary(report.digitized)]] : []),
    ["Model", `${model.file ?? "–"}, labels ${(model.labels || []).join(" ")}, engine ${model.engine_version ?? "–"}`],
  ]);
  fillList($("warnings"), report.warnings || []);
  const link = $("saved-link");
  link.textContent = report.saved_as || "";
  link.href = report.id ? `results/${report.id}` : "#";

  $("result").hidden = false;   // visible first: the canvas takes its width from the laid-out page
  drawTrace(report.trace, beats);
}

/** "model on MLII; QRS shapes compared in MLII, V1 (3 V labels read as N)": how the beat labels were read. */
function beatReadingSummary(reading) {
  if (!reading) return "–";
  const leads = reading.shape_leads || [];
  const shapes = leads.length
    ? `; QRS shapes compared in ${leads.join(", ")} (${reading.ventricular_read_as_normal ?? 0} V labels read as N)` : "";
  return `model on ${reading.model_lead ?? "–"}${shapes}`;
}

/** "m:ss" for a time in seconds. */
function clock(seconds) {
  const s = Math.max(0, Math.round(seconds ?? 0));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** "Atrial fibrillation 0:00–6:24; Pause 6:20–6:24; … (+3 more)": the first episodes in time order. */
function episodeSummary(episodes) {
  const shown = 6;
  const text = episodes.slice(0, shown).map((e) => `${e.label} ${clock(e.start_s)}–${clock(e.end_s)}`).join("; ");
  return episodes.length > shown ? `${text}; … (+${episodes.length - shown} more)` : text;
}

/** Each shown episode's rule, one per line (the tooltip of the episode list). */
function episodeRules(episodes) {
  return episodes.slice(0, 6).map((e) => `${e.label}: ${e.rule ?? ""}`).join("\n");
}

/** "3x4+rhythm, 13 leads, 12.31 px/mm, rotation −0.01°, confidence 0.99" */
function digitizedSummary(d) {
  const grid = d.grid || {};
  return `${d.layout}, ${(d.leads || []).length} leads at ${fmt(d.sample_rate_hz)} Hz, ${fmt(grid.px_per_mm, 2)} px/mm, ` +
    `${fmt(grid.mm_per_s)} mm/s, ${fmt(grid.mm_per_mv)} mm/mV, rotation ${fmt(grid.rotation_deg, 2)}°, ` +
    `confidence ${fmt(d.confidence, 2)}`;
}

/** The uploaded file as an <img> (the browser applies EXIF orientation, as the server's decoder does). */
function loadImage(file) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => { URL.revokeObjectURL(url); resolve(img); };
    img.onerror = () => { URL.revokeObjectURL(url); reject(new Error("the browser cannot display this image")); };
    img.src = url;
  });
}

/**
 * Draws the uploaded image with every digitized lead over it, so a person sees at a glance whether the digitization
 * followed the ink. Sample i of a lead at v mV lies at origin + (i / rate)·per_s + v·per_mv image pixels
 * (`placement`, from the digitizer; leads without one are listed but not drawn).
 */
async function drawImageOverlay(file, digitized) {
  const figure = $("image-figure");
  const canvas = $("image-overlay");
  const note = $("image-note");
  if (!file || !digitized) {
    figure.hidden = true;
    canvas.width = 0;
    return;
  }
  figure.hidden = false;
  let img;
  try {
    img = await loadImage(file);
  } catch (error) {
    canvas.width = 0;
    note.textContent = `The image cannot be shown here (${error.message}); the digitized leads are in the result.`;
    return;
  }
  const image = digitized.image || {};
  const sourceWidth = image.width || img.naturalWidth;
  const sourceHeight = image.height || img.naturalHeight;
  const cssWidth = Math.min(canvas.parentElement.clientWidth || sourceWidth, sourceWidth);
  const scale = cssWidth / sourceWidth;
  const cssHeight = Math.max(1, Math.round(sourceHeight * scale));
  const ratio = window.devicePixelRatio || 1;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.drawImage(img, 0, 0, cssWidth, cssHeight);
  ctx.fillStyle = "rgba(255, 255, 255, 0.35)";   // fade the paper a little so the traces stand out
  ctx.fillRect(0, 0, cssWidth, cssHeight);

  const rate = digitized.sample_rate_hz;
  const leads = digitized.leads || [];
  let drawn = 0;
  ctx.font = "bold 12px system-ui, sans-serif";
  leads.forEach((lead, index) => {
    const p = lead.placement;
    if (!p || !rate || !(lead.samples || []).length) return;
    const at = (i, v) => [
      (p.origin[0] + (i / rate) * p.per_s[0] + v * p.per_mv[0]) * scale,
      (p.origin[1] + (i / rate) * p.per_s[1] + v * p.per_mv[1]) * scale,
    ];
    const analysed = index === digitized.analysed_lead_index;
    ctx.strokeStyle = analysed ? ANALYSED_COLOUR : DIGITIZED_COLOUR;
    ctx.lineWidth = analysed ? 1.8 : 1.3;
    ctx.beginPath();
    lead.samples.forEach((v, i) => {
      const [x, y] = at(i, v);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
    const [x0, y0] = at(0, 0);
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fillText(lead.name, x0 + 2, Math.max(12, y0 - 8));
    drawn += 1;
  });
  const analysedLead = leads[digitized.analysed_lead_index];
  note.textContent = `${drawn} of ${leads.length} digitized leads drawn over the image` +
    (analysedLead ? ` (the analysed lead, ${analysedLead.name}, in orange)` : "") + `: ${digitizedSummary(digitized)}.`;
}

function drawLegend(labels) {
  const items = labels.map((label) => {
    const span = document.createElement("span");
    span.className = "legend-item";
    const swatch = document.createElement("i");
    swatch.style.background = BEAT_COLOURS[label] || "#616161";
    span.append(swatch, `${label} ${BEAT_NAMES[label] || ""}`.trim());
    return span;
  });
  $("legend").replaceChildren(...items);
}

/** Draws the lead on ECG paper with each beat's R peak marked and labelled in its class colour. */
function drawTrace(trace, beats) {
  const canvas = $("trace");
  const note = $("trace-note");
  if (!trace || !trace.samples_mv || trace.samples_mv.length < 2) {
    canvas.width = 0;
    note.textContent = "No trace to plot for this file.";
    drawLegend([]);
    return;
  }
  const samples = trace.samples_mv;
  const rate = trace.sample_rate_hz;
  const seconds = samples.length / rate;
  const finite = samples.filter((v) => v !== null && isFinite(v)).sort((a, b) => a - b);
  const low = finite[Math.floor(finite.length * 0.001)] ?? -1;
  const high = finite[Math.floor(finite.length * 0.999)] ?? 1;
  const cssHeight = Math.max(200, Math.min(420, (high - low + 1) * PIXELS_PER_MV));
  const cssWidth = Math.max(canvas.parentElement.clientWidth, Math.ceil(seconds * PIXELS_PER_SECOND));
  const ratio = window.devicePixelRatio || 1;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);

  const xOf = (sample) => (sample / rate) * PIXELS_PER_SECOND;
  const mid = (high + low) / 2;
  const yOf = (mv) => cssHeight / 2 - (mv - mid) * PIXELS_PER_MV;

  // Paper: small squares 0.04 s × 0.1 mV, large squares 0.2 s × 0.5 mV.
  ctx.fillStyle = "#fffafa";
  ctx.fillRect(0, 0, cssWidth, cssHeight);
  for (const [step, colour] of [[0.04, "#f8d7da"], [0.2, "#f1a7ae"]]) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let t = 0; t * PIXELS_PER_SECOND <= cssWidth; t += step) {
      const x = Math.round(t * PIXELS_PER_SECOND) + 0.5;
      ctx.moveTo(x, 0);
      ctx.lineTo(x, cssHeight);
    }
    const mvStep = step === 0.04 ? 0.1 : 0.5;
    for (let mv = Math.floor((mid - cssHeight / PIXELS_PER_MV) / mvStep) * mvStep; yOf(mv) >= 0; mv += mvStep) {
      const y = Math.round(yOf(mv)) + 0.5;
      if (y > cssHeight) continue;
      ctx.moveTo(0, y);
      ctx.lineTo(cssWidth, y);
    }
    ctx.stroke();
  }

  drawWaveMarks(ctx, beats, samples.length, xOf, cssHeight);

  // Signal.
  ctx.strokeStyle = "#212121";
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  let drawing = false;
  samples.forEach((v, i) => {
    if (v === null || !isFinite(v)) { drawing = false; return; }
    if (drawing) ctx.lineTo(xOf(i), yOf(v)); else ctx.moveTo(xOf(i), yOf(v));
    drawing = true;
  });
  ctx.stroke();

  // Beats.
  ctx.font = "bold 12px system-ui, sans-serif";
  ctx.textAlign = "center";
  const shown = beats.filter((b) => b.sample >= 0 && b.sample < samples.length);
  for (const beat of shown) {
    const colour = BEAT_COLOURS[beat.label] || "#616161";
    const x = xOf(beat.sample);
    const v = samples[beat.sample];
    const y = v === null || !isFinite(v) ? 20 : yOf(v);
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillText(beat.label, x, Math.max(12, y - 10));
  }
  const labels = [...new Set(shown.map((b) => b.label))].sort();
  drawLegend(labels);
  note.textContent = `Lead ${trace.lead}, ${fmt(rate)} Hz, 25 mm/s, 10 mm/mV; ${shown.length} of ${beats.length} beats shown` +
    (trace.truncated ? ` (first ${fmt(seconds)} s of ${fmt(trace.duration_s)} s).` : ".");
}

/**
 * Shades each beat's delineated waves behind the trace: P (blue) and QRS (grey) from onset to offset, T (green)
 * from its peak to its end (T onset is not reported), with a tick at the P and T peaks. `beats[].waves` holds sample indices in the trace's sampling (null where a
 * point was not found); beats without waves are skipped.
 */
function drawWaveMarks(ctx, beats, sampleCount, xOf, height) {
  const waves = [
    ["p_on", "p_peak", "p_off", "rgba(33, 150, 243, 0.16)", "#1976d2"],
    ["qrs_on", null, "qrs_off", "rgba(97, 97, 97, 0.14)", null],
    ["t_peak", "t_peak", "t_off", "rgba(67, 160, 71, 0.16)", "#388e3c"],
  ];
  const inside = (s) => s !== null && s !== undefined && s >= 0 && s < sampleCount;
  ctx.save();
  for (const beat of beats) {
    const w = beat.waves;
    if (!w) continue;
    for (const [on, peak, off, fill, tick] of waves) {
      const start = w[on];
      if (inside(start) && inside(w[off]) && w[off] > start) {
        ctx.fillStyle = fill;
        ctx.fillRect(xOf(start), 0, xOf(w[off]) - xOf(start), height);
      }
      if (tick && inside(w[peak])) {
        ctx.strokeStyle = tick;
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(Math.round(xOf(w[peak])) + 0.5, height - 10);
        ctx.lineTo(Math.round(xOf(w[peak])) + 0.5, height);
        ctx.stroke();
      }
    }
  }
  ctx.restore();
}

// ---------- wiring ----------

function init() {
  const input = $("file-input");
  const zone = $("drop-zone");
  input.addEventListener("change", () => {
    if (input.files && input.files[0]) upload(input.files[0]);
  });
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  }
  for (const type of ["dragleave", "dragend"]) {
    zone.addEventListener(type, () => zone.classList.remove("dragging"));
  }
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) upload(file); else showError("Nothing to upload: drop a file.");
  });
  // A file dropped outside the zone must not replace the page.
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());
  setState("ready");
}

init();

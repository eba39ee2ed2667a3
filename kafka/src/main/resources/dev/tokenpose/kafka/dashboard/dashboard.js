// The live dashboard page: one tile per stream, fed by the server's WebSocket pushes.
"use strict";

// COCO's 17 joints, connected as in the COCO keypoint skeleton (0-based).
const SKELETON = [[15, 13], [13, 11], [16, 14], [14, 12], [11, 12], [5, 11], [6, 12], [5, 6], [5, 7],
  [6, 8], [7, 9], [8, 10], [1, 2], [0, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 6]];
const HISTORY = 60;          // windows kept for the chart
const FALLBACK_WIDTH = 480;  // canvas width when a pose has no frame to show
const token = new URLSearchParams(location.search).get("token");
const grid = document.getElementById("grid");
const tiles = new Map();

function trackColour(track) {
  // Golden-angle hues: neighbouring track ids get far-apart colours.
  return track === null || track === undefined ? "hsl(0, 0%, 100%)" : `hsl(${(track * 137.508) % 360}, 90%, 55%)`;
}

function tile(id) {
  let t = tiles.get(id);
  if (t) return t;
  const el = document.createElement("article");
  el.className = "stream";
  el.dataset.streamId = id;
  el.innerHTML = `<h2></h2><div class="model"></div><div class="banner" hidden></div>
    <canvas class="view" width="${FALLBACK_WIDTH}" height="270"></canvas>
    <dl class="numbers">
      <div><dt>fps in</dt><dd data-k="fpsIn">–</dd></div><div><dt>fps out</dt><dd data-k="fpsOut">–</dd></div>
      <div><dt>persons</dt><dd data-k="persons">–</dd></div><div><dt>tracks</dt><dd data-k="tracks">–</dd></div>
      <div><dt>p50 ms</dt><dd data-k="p50">–</dd></div><div><dt>p95 ms</dt><dd data-k="p95">–</dd></div>
      <div><dt>dead letters</dt><dd data-k="dead">–</dd></div>
    </dl>
    <canvas class="chart" width="360" height="48"></canvas>
    <div class="legend"><span class="fps">― fps out</span> <span class="lat">― p95 latency</span></div>`;
  el.querySelector("h2").textContent = id;
  t = { el, view: el.querySelector(".view"), chart: el.querySelector(".chart"), history: [], drawing: 0 };
  tiles.set(id, t);
  return t;
}

function place(ids) {
  for (const [id, t] of tiles) {
    if (!ids.includes(id)) {
      t.el.remove();
      tiles.delete(id);
    }
  }
  // Sorted by id, so tiles keep their places as streams come and go.
  for (const id of ids) grid.appendChild(tile(id).el);
  document.getElementById("empty").hidden = ids.length > 0;
  document.getElementById("count").textContent = ids.length === 1 ? "1 stream" : `${ids.length} streams`;
}

function showModel(t, model) {
  t.el.querySelector(".model").textContent = `${model.variant} · ${model.weights}`;
  const banner = t.el.querySelector(".banner");
  banner.hidden = !model.placeholder;
  banner.textContent = model.placeholder
    ? "Untrained placeholder weights: these keypoints carry no meaning" : "";
  t.el.classList.toggle("placeholder", model.placeholder);
  t.el.dataset.placeholder = String(model.placeholder);
}

function showPose(t, pose) {
  showModel(t, pose.model);
  const ticket = ++t.drawing;
  if (!pose.image) {
    draw(t, pose, null, ticket);
    return;
  }
  const img = new Image();
  img.onload = () => draw(t, pose, img, ticket);
  img.onerror = () => draw(t, pose, null, ticket);
  img.src = pose.image;
}

function draw(t, pose, img, ticket) {
  if (ticket !== t.drawing) return; // a newer pose arrived while this frame was loading
  const c = t.view;
  c.width = img ? img.naturalWidth : FALLBACK_WIDTH;
  c.height = img ? img.naturalHeight : Math.max(1, Math.round(FALLBACK_WIDTH * pose.height / pose.width));
  const g = c.getContext("2d");
  if (img) {
    g.drawImage(img, 0, 0);
  } else {
    g.fillStyle = "#000";
    g.fillRect(0, 0, c.width, c.height);
    g.fillStyle = "#9aa0a6";
    g.fillText("frame not available", 8, 16);
  }
  const sx = c.width / pose.width, sy = c.height / pose.height;
  const drawn = [];
  g.lineWidth = 2;
  for (const person of pose.persons) {
    const colour = trackColour(person.trackId);
    const kp = person.keypoints.map(([x, y, s]) => [x * sx, y * sy, Math.min(1, Math.max(0, s))]);
    g.strokeStyle = colour;
    g.fillStyle = colour;
    if (kp.length === 17) {
      for (const [a, b] of SKELETON) {
        g.globalAlpha = Math.min(kp[a][2], kp[b][2]);
        g.beginPath();
        g.moveTo(kp[a][0], kp[a][1]);
        g.lineTo(kp[b][0], kp[b][1]);
        g.stroke();
      }
    }
    for (const [x, y, s] of kp) {
      // Score as opacity: a doubtful joint is faint, never hidden.
      g.globalAlpha = Math.max(0.15, s);
      g.beginPath();
      g.arc(x, y, 4, 0, 2 * Math.PI);
      g.fill();
      drawn.push([Math.round(x * 10) / 10, Math.round(y * 10) / 10, person.trackId]);
    }
    g.globalAlpha = 1;
  }
  // The page's state, for people with dev tools and for the browser test.
  c.dataset.keypoints = JSON.stringify(drawn);
  t.el.dataset.sequence = String(pose.sequence);
  t.el.dataset.hasFrame = String(Boolean(img));
  t.el.dataset.drawnAt = String(Date.now());
}

function fmt(v, digits) {
  return v === null || v === undefined ? "–" : Number(v).toFixed(digits);
}

function showStats(t, s) {
  const set = (k, v) => { t.el.querySelector(`[data-k="${k}"]`).textContent = v; };
  set("fpsIn", fmt(s.fpsIn, 1));
  set("fpsOut", fmt(s.fpsOut, 1));
  set("persons", fmt(s.personsPerFrame, 1));
  set("tracks", String(s.activeTracks));
  set("p50", fmt(s.latencyP50Ms, 0));
  set("p95", fmt(s.latencyP95Ms, 0));
  set("dead", `${s.deadLetters} (${fmt(100 * s.deadLetterRate, 1)}%)`);
  const last = t.history[t.history.length - 1];
  if (!last || last.end !== s.windowEnd) {
    t.history.push({ end: s.windowEnd, fps: s.fpsOut, lat: s.latencyP95Ms });
    if (t.history.length > HISTORY) t.history.shift();
  }
  chart(t);
  if (s.model && !t.el.dataset.placeholder) showModel(t, s.model);
}

function chart(t) {
  const c = t.chart, g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  const line = (values, colour) => {
    const max = Math.max(...values.filter(v => v !== null), 1e-9);
    g.strokeStyle = colour;
    g.lineWidth = 1.5;
    g.beginPath();
    values.forEach((v, i) => {
      if (v === null) return;
      const x = (i / (HISTORY - 1)) * (c.width - 2) + 1;
      const y = c.height - 2 - (v / max) * (c.height - 4);
      i === 0 ? g.moveTo(x, y) : g.lineTo(x, y);
    });
    g.stroke();
  };
  line(t.history.map(h => h.fps), "#4fc3f7");
  line(t.history.map(h => h.lat), "#f06292");
}

function apply(m) {
  const link = document.getElementById("link");
  link.dataset.state = m.state;
  link.textContent = m.state === "RUNNING" ? "live" : `analytics ${m.state.toLowerCase()}`;
  if (m.type !== "update") return;
  place(m.streams);
  for (const [id, pose] of Object.entries(m.poses)) if (tiles.has(id)) showPose(tiles.get(id), pose);
  for (const [id, s] of Object.entries(m.stats)) if (tiles.has(id)) showStats(tiles.get(id), s);
}

function connect() {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`
    + (token ? `?token=${encodeURIComponent(token)}` : "");
  const ws = new WebSocket(url);
  ws.onmessage = e => apply(JSON.parse(e.data));
  ws.onclose = () => {
    const link = document.getElementById("link");
    link.dataset.state = "closed";
    link.textContent = "disconnected, retrying…";
    setTimeout(connect, 2000);
  };
}

connect();

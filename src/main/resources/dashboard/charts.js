// Plain SVG charts for the dashboard: no library, nothing fetched from outside the server.
"use strict";
const SVG_NS = "http://www.w3.org/2000/svg";
const SEVERITY_COLOURS = { LOW: "#2b8a3e", MEDIUM: "#f59f00", HIGH: "#d9480f", CRITICAL: "#8b0000" };
const SHARE_COLOURS = { accepted: "#1c7ed6", duplicates: "#adb5bd", rejected: "#e03131" };

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  children.forEach((c) => node.appendChild(typeof c === "string" ? document.createTextNode(c) : c));
  return node;
}

function shortTime(ms, span) {
  const d = new Date(ms);
  return span > 2 * 86400000 ? d.toISOString().slice(5, 10) : d.toISOString().slice(11, 16);
}

function legend(entries, x, y) {
  const g = svg("g", { class: "legend" });
  entries.forEach(([label, colour], i) => {
    g.appendChild(svg("rect", { x: x + i * 110, y: y - 9, width: 10, height: 10, fill: colour }));
    g.appendChild(svg("text", { x: x + i * 110 + 14, y: y }, label));
  });
  return g;
}

// Stacked bars of advisories by severity, bucketed by first seen.
function severityChart(advisories) {
  const W = 900, H = 240, L = 40, B = 30, T = 20;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Advisories by severity over time" });
  if (!advisories.length) {
    root.appendChild(svg("text", { x: L, y: H / 2 }, "No advisory yet."));
    return root;
  }
  const times = advisories.map((a) => Date.parse(a.first_seen));
  const min = Math.min(...times), max = Math.max(...times) + 1;
  const buckets = 24, size = Math.max(1, (max - min) / buckets);
  const counts = Array.from({ length: buckets }, () => ({ LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 }));
  advisories.forEach((a, i) => counts[Math.min(buckets - 1, Math.floor((times[i] - min) / size))][a.severity]++);
  const top = Math.max(1, ...counts.map((c) => c.LOW + c.MEDIUM + c.HIGH + c.CRITICAL));
  const bw = (W - L - 10) / buckets;
  counts.forEach((c, i) => {
    let y = H - B;
    ["LOW", "MEDIUM", "HIGH", "CRITICAL"].forEach((s) => {
      const h = (c[s] / top) * (H - B - T);
      if (h > 0) {
        y -= h;
        root.appendChild(svg("rect", { x: L + i * bw + 1, y, width: bw - 2, height: h, fill: SEVERITY_COLOURS[s],
          class: "bar", "data-severity": s }, svg("title", {}, `${c[s]} ${s}`)));
      }
    });
    if (i % 4 === 0) {
      root.appendChild(svg("text", { x: L + i * bw, y: H - 10, class: "axis" }, shortTime(min + i * size, max - min)));
    }
  });
  root.appendChild(svg("text", { x: 4, y: T + 4, class: "axis" }, String(top)));
  root.appendChild(svg("line", { x1: L, y1: H - B, x2: W - 10, y2: H - B, stroke: "#999" }));
  root.appendChild(legend(Object.entries(SEVERITY_COLOURS), L + 300, 14));
  return root;
}

// One row per member: per interval, its accepted, duplicate and rejected reports stacked.
function memberChart(history) {
  const samples = history.samples || [];
  const members = [...new Set(samples.flatMap((s) => Object.keys(s.members)))].sort();
  const W = 900, ROW = 34, L = 40, T = 24;
  const H = T + Math.max(1, members.length) * ROW + 10;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Reports per member over time" });
  root.appendChild(legend(Object.entries(SHARE_COLOURS), L, 14));
  if (samples.length < 2 || !members.length) {
    root.appendChild(svg("text", { x: L, y: T + 20 }, "Collecting: a sample every " + (history.interval_s || 10) + " s."));
    return root;
  }
  const total = (m, s) => {
    const x = s.members[m] || {};
    const rejected = Object.values(x.rejected || {}).reduce((p, q) => p + q, 0);
    return { received: x.received || 0, duplicates: x.duplicates || 0, rejected };
  };
  const deltas = members.map((m) => samples.slice(1).map((s, i) => {
    const a = total(m, samples[i]), b = total(m, s);
    const duplicates = Math.max(0, b.duplicates - a.duplicates), rejected = Math.max(0, b.rejected - a.rejected);
    const received = Math.max(0, b.received - a.received);
    return { accepted: Math.max(0, received - duplicates - rejected), duplicates, rejected };
  }));
  const top = Math.max(1, ...deltas.flat().map((d) => d.accepted + d.duplicates + d.rejected));
  const bw = (W - L - 10) / (samples.length - 1);
  members.forEach((m, r) => {
    const base = T + (r + 1) * ROW;
    root.appendChild(svg("text", { x: 4, y: base - 8, class: "axis" }, m));
    deltas[r].forEach((d, i) => {
      let y = base;
      ["accepted", "duplicates", "rejected"].forEach((k) => {
        const h = (d[k] / top) * (ROW - 6);
        if (h > 0) {
          y -= h;
          root.appendChild(svg("rect", { x: L + i * bw, y, width: Math.max(1, bw - 1), height: h, fill: SHARE_COLOURS[k],
            class: "bar", "data-member": m, "data-share": k }, svg("title", {}, `${m}: ${d[k]} ${k}`)));
        }
      });
    });
    root.appendChild(svg("line", { x1: L, y1: base, x2: W - 10, y2: base, stroke: "#ddd" }));
  });
  return root;
}

// A member-by-member heat map: how many advisory indicators both members reported.
function matrixChart(advisories) {
  const pairs = new Map();
  const members = new Set();
  const seen = new Set();
  advisories.forEach((a) => a.indicators.forEach((i) => {
    const key = i.type + ":" + i.value;
    if (seen.has(key)) return;
    seen.add(key);
    i.countries.forEach((x) => {
      members.add(x);
      i.countries.forEach((y) => pairs.set(x + "|" + y, (pairs.get(x + "|" + y) || 0) + 1));
    });
  }));
  const list = [...members].sort();
  const C = 44, L = 40, T = 30;
  const W = L + Math.max(1, list.length) * C + 10, H = T + Math.max(1, list.length) * C + 10;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Indicators shared between members",
    class: "matrix" });
  if (!list.length) {
    root.appendChild(svg("text", { x: 4, y: T }, "No shared indicator yet."));
    return root;
  }
  const top = Math.max(1, ...[...pairs.entries()].filter(([k]) => k.split("|")[0] !== k.split("|")[1]).map(([, v]) => v));
  list.forEach((x, r) => {
    root.appendChild(svg("text", { x: 4, y: T + r * C + C / 2 + 4, class: "axis" }, x));
    root.appendChild(svg("text", { x: L + r * C + C / 2 - 8, y: T - 10, class: "axis" }, x));
    list.forEach((y, c) => {
      const n = pairs.get(x + "|" + y) || 0;
      const diagonal = x === y;
      const shade = diagonal ? "#e9ecef" : n === 0 ? "#f8f9fa" : `rgb(${255 - Math.round(200 * n / top)}, ${255 - Math.round(120 * n / top)}, 255)`;
      root.appendChild(svg("rect", { x: L + c * C, y: T + r * C, width: C - 2, height: C - 2, fill: shade, class: "cell",
        "data-pair": x + "-" + y, "data-count": n }, svg("title", {}, diagonal ? `${x}: ${n} indicators`
        : `${x} and ${y} share ${n} indicators`)));
      if (n > 0) {
        root.appendChild(svg("text", { x: L + c * C + C / 2 - 6, y: T + r * C + C / 2 + 4, class: "count" }, String(n)));
      }
    });
  });
  return root;
}

// Each indicator as a bar from its first to its last sighting, labelled with the members that saw it.
function timelineChart(indicators) {
  const shown = [...indicators].sort((a, b) => Date.parse(a.first_seen) - Date.parse(b.first_seen)).slice(0, 100);
  const W = 900, ROW = 22, L = 330, T = 24;
  const H = T + Math.max(1, shown.length) * ROW + 24;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Indicators over time" });
  if (!shown.length) {
    root.appendChild(svg("text", { x: 4, y: T }, "This version lists no indicator."));
    return root;
  }
  const min = Math.min(...shown.map((i) => Date.parse(i.first_seen)));
  const max = Math.max(...shown.map((i) => Date.parse(i.last_seen)), min + 60000);
  const x = (t) => L + ((t - min) / (max - min)) * (W - L - 20);
  shown.forEach((i, r) => {
    const y = T + r * ROW;
    const label = i.value.length > 40 ? i.value.slice(0, 39) + "…" : i.value;
    root.appendChild(svg("text", { x: 4, y: y + 14, class: "axis mono" + (i.hub ? " hub" : ""), "data-hub": String(!!i.hub) },
      `${i.type} ${label}${i.hub ? " (hub)" : ""}`));
    const x1 = x(Date.parse(i.first_seen)), x2 = Math.max(x1 + 3, x(Date.parse(i.last_seen)));
    root.appendChild(svg("rect", { x: x1, y: y + 4, width: x2 - x1, height: 12, fill: "#1c7ed6", rx: 3, class: "span" },
      svg("title", {}, `${i.value}: ${i.first_seen} – ${i.last_seen} (${i.countries.join(", ")})`)));
    root.appendChild(svg("text", { x: Math.min(x2 + 4, W - 120), y: y + 14, class: "axis" }, i.countries.join(" ")));
  });
  root.appendChild(svg("text", { x: L, y: H - 6, class: "axis" }, new Date(min).toISOString().replace(".000Z", "Z")));
  root.appendChild(svg("text", { x: W - 190, y: H - 6, class: "axis" }, new Date(max).toISOString().replace(".000Z", "Z")));
  if (indicators.length > shown.length) {
    root.appendChild(svg("text", { x: 4, y: H - 6, class: "axis" }, `first ${shown.length} of ${indicators.length}`));
  }
  return root;
}

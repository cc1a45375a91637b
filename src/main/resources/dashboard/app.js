// Monsoon dashboard: polls the API every two seconds; no framework, no build step.
"use strict";
const POLL_MS = 2000;
const $ = (id) => document.getElementById(id);
const text = (value) => document.createTextNode(value == null ? "" : String(value));

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  children.forEach((c) => node.appendChild(typeof c === "string" ? text(c) : c));
  return node;
}

function tlpLabel(tlp) {
  return "TLP:" + tlp.replace("_", "+");
}

function renderAdvisory(a) {
  const meta = el("div", { class: "meta" },
    el("span", { class: "tlp tlp-" + a.tlp, "data-tlp": a.tlp }, tlpLabel(a.tlp)),
    el("span", { class: "severity" }, a.severity),
    el("span", {}, a.status + " · v" + a.version),
    el("span", {}, "members: " + a.countries.join(", ")),
    el("span", {}, a.report_count + " reports"),
    el("span", {}, "updated " + a.updated_at));
  const indicators = el("ul", { class: "indicators" });
  a.indicators.slice(0, 12).forEach((i) =>
    indicators.appendChild(el("li", {}, i.type + " " + i.value + " (" + i.countries.join(", ") + ")")));
  if (a.indicators.length > 12) {
    indicators.appendChild(el("li", {}, "… " + (a.indicators.length - 12) + " more"));
  }
  return el("article", { class: "advisory sev-" + a.severity + " status-" + a.status, "data-id": a.advisory_id },
    el("h3", {}, a.title), meta, indicators);
}

// With an API token, open the dashboard as /#token=...: the fragment never leaves the browser.
const TOKEN = new URLSearchParams(location.hash.slice(1)).get("token");

async function getJson(url) {
  const headers = TOKEN ? { Authorization: "Bearer " + TOKEN } : {};
  const response = await fetch(url, { cache: "no-store", headers });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || ("HTTP " + response.status));
  }
  return body;
}

async function refreshAdvisories() {
  const params = new URLSearchParams({ limit: "200" });
  if ($("member").value) params.set("member", $("member").value);
  if ($("severity").value) params.set("severity", $("severity").value);
  if ($("activeOnly").checked) params.set("status", "ACTIVE");
  const page = await getJson("/api/advisories?" + params);
  const list = $("advisories");
  list.replaceChildren(...(page.advisories.length
    ? page.advisories.map(renderAdvisory)
    : [el("p", { class: "empty" }, "No advisory matches.")]));
  $("count").textContent = "(" + page.total + ")";
}

async function refreshMembers() {
  const stats = await getJson("/api/stats");
  const members = Object.keys(stats.members).sort();
  const select = $("member");
  members.forEach((m) => {
    if (![...select.options].some((o) => o.value === m)) select.appendChild(el("option", { value: m }, m));
  });
  const rows = members.map((m) => {
    const s = stats.members[m];
    const rejected = s.rejected || {};
    const total = Object.values(rejected).reduce((x, y) => x + y, 0);
    const byCode = Object.entries(rejected).map(([c, n]) => c + " " + n).join(", ");
    return el("tr", {}, el("td", {}, m), el("td", {}, String(s.received || 0)),
      el("td", {}, String(s.duplicates || 0)), el("td", {}, String(total)), el("td", {}, byCode));
  });
  $("members").querySelector("tbody").replaceChildren(...rows);
}

async function tick() {
  try {
    await Promise.all([refreshAdvisories(), refreshMembers()]);
    $("status").textContent = "live · updated " + new Date().toLocaleTimeString();
  } catch (e) {
    $("status").textContent = "waiting for Monsoon: " + e.message;
  }
}

["member", "severity", "activeOnly"].forEach((id) => $(id).addEventListener("change", tick));
tick();
setInterval(tick, POLL_MS);

// Monsoon dashboard: a list of advisories, a detail view per advisory (#advisory=ID), charts of the
// region (#view=region) and an indicator search. It polls the API every two seconds; no framework, no
// build step, nothing loaded from outside the server. Charts are in charts.js.
"use strict";
const POLL_MS = 2000;
const HUB_TITLE = "hub: held by more reports than make a campaign (shared hosting, sinkholes, shorteners);"
  + " listed, but it links no campaigns";
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

// With an API token, open the dashboard as /#token=...: the fragment never leaves the browser.
function route() {
  return new URLSearchParams(location.hash.slice(1));
}
const TOKEN = route().get("token");

// A link within the dashboard that keeps the token.
function link(params) {
  const p = new URLSearchParams(params);
  if (TOKEN) p.set("token", TOKEN);
  return "#" + p.toString();
}

async function fetchApi(url) {
  const headers = TOKEN ? { Authorization: "Bearer " + TOKEN } : {};
  return fetch(url, { cache: "no-store", headers });
}

async function getJson(url) {
  const response = await fetchApi(url);
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.error || ("HTTP " + response.status));
    error.status = response.status;
    error.candidates = body.candidates || [];
    throw error;
  }
  return body;
}

// An advisory the API does not have (404) or a short id that starts several (409): said as such, not
// as an outage.
function renderMissing(id, e) {
  const title = e.status === 404 ? "No such advisory" : "More than one advisory starts with " + id;
  const candidates = el("ul", { class: "candidates" }, ...e.candidates.map((c) =>
    el("li", {}, el("a", { href: link({ advisory: c }) }, c))));
  $("detail").replaceChildren(el("h2", {}, title), el("p", { class: "empty" }, e.message), candidates);
  $("detail").dataset.missing = String(e.status);
  $("timeline").replaceChildren();
  $("history").querySelector("tbody").replaceChildren();
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
    indicators.appendChild(el("li", i.hub ? { class: "hub", title: HUB_TITLE } : {},
      i.type + " " + i.value + " (" + i.countries.join(", ") + ")" + (i.hub ? " · hub" : ""))));
  if (a.indicators.length > 12) {
    indicators.appendChild(el("li", {}, "… " + (a.indicators.length - 12) + " more"));
  }
  return el("article", { class: "advisory sev-" + a.severity + " status-" + a.status, "data-id": a.advisory_id },
    el("h3", {}, el("a", { href: link({ advisory: a.advisory_id }) }, a.title)), meta, indicators);
}

async function refreshAdvisories() {
  const params = new URLSearchParams({ limit: "200" });
  if ($("member").value) params.set("member", $("member").value);
  if ($("severity").value) params.set("severity", $("severity").value);
  if ($("activeOnly").checked) params.set("status", "ACTIVE");
  const page = await getJson("/api/advisories?" + params);
  $("advisories").replaceChildren(...(page.advisories.length
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

// Downloads an export through fetch, so the bearer token goes in a header, never in a URL.
async function download(path, name) {
  const response = await fetchApi(path);
  if (!response.ok) {
    $("status").textContent = "export failed: HTTP " + response.status;
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = el("a", { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function field(label, value) {
  return el("div", { class: "field" }, el("span", { class: "label" }, label), el("span", {}, value));
}

async function refreshDetail(given) {
  let a;
  try {
    a = await getJson("/api/advisories/" + encodeURIComponent(given));
  } catch (e) {
    if (e.status === 404 || e.status === 409) {
      renderMissing(given, e);
      return;
    }
    throw e;
  }
  const id = a.advisory_id; // the whole id, when the view was opened with a short one
  delete $("detail").dataset.missing;
  const history = await getJson("/api/advisories/" + encodeURIComponent(id) + "/history")
    .catch(() => ({ versions: [] }));
  const exports = el("div", { class: "exports" },
    el("button", { id: "export-stix", type: "button" }, "Download STIX 2.1"),
    el("button", { id: "export-misp", type: "button" }, "Download MISP event"));
  exports.querySelector("#export-stix").addEventListener("click",
    () => download("/api/advisories/" + encodeURIComponent(id) + "/stix", id + ".stix.json"));
  exports.querySelector("#export-misp").addEventListener("click",
    () => download("/api/advisories/" + encodeURIComponent(id) + "/misp", id + ".misp.json"));
  $("detail").replaceChildren(
    el("h2", {}, a.title),
    el("div", { class: "meta" }, el("span", { class: "tlp tlp-" + a.tlp, "data-tlp": a.tlp }, tlpLabel(a.tlp)),
      el("span", { class: "severity" }, a.severity), el("span", {}, a.status + " · v" + a.version)),
    el("div", { class: "fields" }, field("Members", a.countries.join(", ")), field("Reports", String(a.report_count)),
      field("Indicators", String(a.indicators.length)), field("First seen", a.first_seen),
      field("Last seen", a.last_seen), field("Updated", a.updated_at),
      field("Categories", a.categories.join(", ")), field("Sectors", a.sectors.join(", "))),
    el("p", {}, a.summary),
    el("ul", { class: "actions" }, ...a.recommended_actions.map((x) => el("li", {}, x))),
    exports);
  $("timeline").replaceChildren(timelineChart(a.indicators));
  const rows = [...history.versions].reverse().map((v) => el("tr", { "data-version": v.version },
    el("td", {}, "v" + v.version), el("td", {}, v.updated_at), el("td", {}, v.status), el("td", {}, v.severity),
    el("td", {}, tlpLabel(v.tlp)), el("td", {}, v.countries.join(", ")), el("td", {}, String(v.report_count)),
    el("td", {}, v.changes.join("; "))));
  $("history").querySelector("tbody").replaceChildren(...rows);
}

async function refreshRegion() {
  const [page, history] = await Promise.all([getJson("/api/advisories?limit=500"), getJson("/api/stats/history")]);
  $("chart-severity").replaceChildren(severityChart(page.advisories));
  $("chart-members").replaceChildren(memberChart(history));
  $("chart-matrix").replaceChildren(matrixChart(page.advisories.filter((a) => a.status === "ACTIVE"
    || a.status === "EXPIRED")));
}

// A value's likely type, as the search box guesses it.
function guessType(value) {
  const v = value.trim().replace(/\[\.\]/g, ".");
  if (/^hxxps?:|^https?:/i.test(v)) return "URL";
  if (/^cve-\d{4}-\d+$/i.test(v)) return "CVE";
  if (/^[0-9a-f]{64}$/i.test(v)) return "SHA256";
  if (/^[0-9a-f]{40}$/i.test(v)) return "SHA1";
  if (/^[0-9a-f]{32}$/i.test(v)) return "MD5";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return "IPV4";
  if (/^[0-9a-f:]+$/i.test(v) && v.includes(":")) return "IPV6";
  if (/^[^@\s]+@[^@\s]+$/.test(v)) return "EMAIL";
  return "DOMAIN";
}

async function lookup(event) {
  event.preventDefault();
  const value = $("search-value").value.trim();
  if (!value) return;
  const type = $("search-type").value || guessType(value);
  const panel = $("lookup");
  panel.hidden = false;
  try {
    const r = await getJson("/api/indicators/" + type + "/" + encodeURIComponent(value));
    panel.replaceChildren(el("h2", {}, r.type + " " + r.value),
      el("p", { id: "lookup-verdict" }, (r.correlated ? "Correlated: reported by two or more members." : "Not correlated.")
        + (r.warninglisted ? " Known benign (warninglist " + r.warninglist + ")." : "")),
      r.members.length
        ? el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Member"), el("th", {}, "First seen"),
            el("th", {}, "Last seen"))), el("tbody", {}, ...r.members.map((m) => el("tr", {}, el("td", {}, m.member),
            el("td", {}, m.first_seen), el("td", {}, m.last_seen)))))
        : el("p", { class: "empty" }, "No member reported it within the window."));
  } catch (e) {
    panel.replaceChildren(el("p", { class: "empty" }, "Lookup failed: " + e.message));
  }
}

function show() {
  const r = route();
  const view = r.get("advisory") ? "advisory" : (r.get("view") === "region" ? "region" : "list");
  ["list", "advisory", "region"].forEach((v) => { $("view-" + v).hidden = v !== view; });
  $("nav-list").setAttribute("href", link({}));
  $("nav-region").setAttribute("href", link({ view: "region" }));
  $("back").setAttribute("href", link({}));
  document.body.dataset.view = view;
  return view;
}

async function tick() {
  try {
    const view = show();
    if (view === "advisory") {
      await refreshDetail(route().get("advisory"));
    } else if (view === "region") {
      await refreshRegion();
    } else {
      await Promise.all([refreshAdvisories(), refreshMembers()]);
    }
    $("status").textContent = "live · updated " + new Date().toLocaleTimeString();
    document.body.dataset.rendered = view;
  } catch (e) {
    $("status").textContent = "waiting for Monsoon: " + e.message;
  }
}

["member", "severity", "activeOnly"].forEach((id) => $(id).addEventListener("change", tick));
$("search").addEventListener("submit", lookup);
window.addEventListener("hashchange", tick);
tick();
setInterval(tick, POLL_MS);

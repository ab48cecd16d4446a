// The body of function (root) { ... }: tooltips, highlighting of split quotes, filtering by speaker.
// Everything is looked up inside `root`, so several reports can share a page (a notebook).
"use strict";
if (!root || root.dataset.nqReady) { return; }
root.dataset.nqReady = "1";
var tip = root.querySelector(".nq-tip");
var status = root.querySelector(".nq-status");
var MARKED = ".nq-quote, .nq-cue, .nq-speaker";
var all = function (selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); };
all(".nq-quote[title]").forEach(function (el) { el.removeAttribute("title"); });  // the tooltip replaces it

function quoteIds(el) { return (el.getAttribute("data-quote") || "").split(" ").filter(Boolean); }
function quoteOf(el) {
  return el.classList.contains("nq-quote") ? el : root.querySelector('.nq-quote[data-quote="' + quoteIds(el)[0] + '"]');
}
function line(text, className, label) {
  var div = document.createElement("div");
  if (className) { div.className = className; }
  if (label) {
    var span = document.createElement("span");
    span.className = "nq-tip-label";
    span.textContent = label + " ";
    div.appendChild(span);
  }
  div.appendChild(document.createTextNode(text));
  tip.appendChild(div);
}
function fill(quote) {
  var d = quote.dataset;
  tip.textContent = "";
  line(d.speaker + (d.type ? " (" + d.type + ")" : ""), "nq-tip-speaker");
  line(d.kind + " · " + d.spkatt + " · confidence " + d.confidence + (d.parts ? " · split quote, part " + d.parts : ""));
  line(d.rule, "", "rule");
  if (d.cue) { line(d.cue, "", "cue"); }
  if (d.mention) { line("„" + d.mention + "“ → " + (d.resolution || "unresolved"), "", "mention"); }
  if (d.wikidata) { line(d.wikidata, "", "wikidata"); }
  if (d.explanation) { line(d.explanation, "nq-tip-why"); }
}
function place(el, y) {
  var rects = Array.prototype.slice.call(el.getClientRects());
  var rect = rects[0] || el.getBoundingClientRect();
  if (y !== undefined) {
    rects.forEach(function (r) { if (y >= r.top && y <= r.bottom) { rect = r; } });
  }
  var width = tip.offsetWidth, height = tip.offsetHeight;
  var left = Math.max(4, Math.min(rect.left, window.innerWidth - width - 4));
  var top = rect.bottom + 6;
  if (top + height > window.innerHeight - 4) { top = Math.max(4, rect.top - height - 6); }
  tip.style.left = left + "px";
  tip.style.top = top + "px";
}
var active = [], current = null;
function highlight(ids) {
  active.forEach(function (el) { el.classList.remove("nq-active"); });
  active = [];
  ids.forEach(function (id) { active = active.concat(all('[data-quote~="' + id + '"]')); });
  active.forEach(function (el) { el.classList.add("nq-active"); });
}
function show(el, y) {
  var quote = quoteOf(el);
  if (!quote) { return; }
  fill(quote);
  highlight(quoteIds(el));
  tip.hidden = false;
  current = el;
  place(el, y);
}
function hide() { tip.hidden = true; current = null; highlight([]); }
root.addEventListener("mouseover", function (event) {
  var el = event.target.closest(MARKED);
  if (el && root.contains(el)) { show(el, event.clientY); } else { hide(); }
});
root.addEventListener("mouseleave", hide);
root.addEventListener("focusin", function (event) {
  var el = event.target.closest(MARKED);
  if (el) { show(el); }
});
root.addEventListener("focusout", hide);
window.addEventListener("scroll", function () { if (current) { place(current); } }, { passive: true });

// filtering: one speaker's quotes stay coloured, the rest of the page folds away
var selected = null, cursor = -1;
var buttons = all(".nq-index button");
function setFilter(name) {
  selected = name;
  cursor = -1;
  root.classList.toggle("nq-filtering", name !== null);
  buttons.forEach(function (b) {
    var mine = b.classList.contains("nq-all") ? name === null : b.dataset.speaker === name;
    b.setAttribute("aria-pressed", String(mine));
  });
  all(".nq-quote, .nq-speaker").forEach(function (el) { el.classList.toggle("nq-on", el.dataset.speaker === name); });
  all(".nq-para, .nq-doc").forEach(function (el) {
    var has = name !== null && el.querySelector(".nq-on") !== null;
    el.classList.toggle("nq-has", has);
    if (has && el.tagName === "DETAILS") { el.open = true; }
  });
  var count = firstParts().length;
  status.textContent = name === null ? "" : count + " quote" + (count === 1 ? "" : "s") + " by " + name +
    " in " + all(".nq-doc.nq-has").length + " document(s) · click the name again for the next one, Esc shows all";
}
function firstParts() {
  var seen = {};
  return all(".nq-quote.nq-on").filter(function (el) {
    var id = el.dataset.quote;
    if (seen[id]) { return false; }
    seen[id] = true;
    return true;
  });
}
function next() {
  var parts = firstParts();
  if (!parts.length) { return; }
  cursor = (cursor + 1) % parts.length;
  parts[cursor].scrollIntoView({ block: "center" });
  parts[cursor].focus({ preventScroll: true });
}
buttons.forEach(function (b) {
  b.addEventListener("click", function () {
    if (b.classList.contains("nq-all")) { setFilter(null); return; }
    if (selected !== b.dataset.speaker) { setFilter(b.dataset.speaker); }
    next();
  });
});
root.addEventListener("keydown", function (event) { if (event.key === "Escape") { setFilter(null); hide(); } });

// Inlined by hooks/theme_fixes.py at the top of <body>, right after the theme's own palette
// script, before any content. The theme's bundle, when it starts at the end of the page, writes
// attributes that make the browser restyle every element of the page: on a long chapter
// (12,000 elements, most of them KaTeX's) each write cost 0.2-0.6 s of a throttled phone's
// main thread, five times over. This script puts the page in the state the bundle would put it
// in, while the page is still empty, and turns the bundle's writes into no-ops when they
// change nothing.
(function () {
  var root = document.documentElement, body = document.body, switching = false;
  // What the bundle sets on <html>: JavaScript is on, the focus-visible polyfill is running.
  root.classList.remove("no-js");
  root.classList.add("js-focus-visible", "js");
  root.setAttribute("data-js-focus-visible", "");
  // The theme marks a palette switch with data-md-color-switching (no transitions during it);
  // its stylesheet matches that on every element. At load nothing switches: skip it until the
  // reader uses the palette toggle. A write of the value an attribute already has is skipped.
  document.addEventListener("change", function (event) {
    if (event.target.name === "__palette") switching = true;
  }, true);
  function skipNoOps(element, afterWrite) {
    var setAttribute = element.setAttribute;
    element.setAttribute = function (name, value) {
      value = String(value);
      if (name === "data-md-color-switching" && !switching) return;
      if (this.getAttribute(name) === value) return;
      setAttribute.call(this, name, value);
      if (afterWrite) afterWrite(name);
    };
  }
  // The page's color-scheme <meta>: the bundle adds one to <head> at load and fills it in
  // after load. Adding or changing a color-scheme <meta> restyles every element of the page
  // (Chromium's "PlatformColorChange"), even when the scheme stays the same. This one is in
  // place first and follows the palette; the bundle's own is kept out of the document, so its
  // writes change nothing.
  var meta = document.createElement("meta"), head = document.head, appendToHead = head.appendChild;
  function followPalette() {
    meta.content = body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
  }
  meta.name = "color-scheme";
  followPalette();
  appendToHead.call(head, meta);
  head.appendChild = function (node) {
    if (node !== meta && node.localName === "meta" && node.name === "color-scheme") return node;
    return appendToHead.call(this, node);
  };
  skipNoOps(root);
  skipNoOps(body, function (name) { if (name === "data-md-color-scheme") followPalette(); });
})();
// The search index (290 KB of JSON, 88 KB gzipped, the largest request of a page): the theme
// fetches it at every load and parses it on the main thread, for a search most readers never
// open. Its request is held until the reader opens search (the search toggle changes, or the
// search box gets focus), as the theme itself does for pages opened from disk. A page opened
// from a search result (?h=terms) needs the index to highlight them, so it is not held.
(function () {
  if (new URLSearchParams(location.search).has("h")) return;
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send, held = [], searchOpened = false;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = /\/search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!this.searchIndex || searchOpened) return send.apply(this, arguments);
    held.push([this, arguments]);
  };
  function openSearch(event) {
    var target = event.target;
    var opening = event.type === "change" ? target.getAttribute("data-md-toggle") === "search" && target.checked
                                          : target.getAttribute("data-md-component") === "search-query";
    if (!opening || searchOpened) return;
    searchOpened = true;
    held.forEach(function (request) { send.apply(request[0], request[1]); });
    held = [];
  }
  document.addEventListener("change", openSearch, true);
  document.addEventListener("focusin", openSearch, true);
})();

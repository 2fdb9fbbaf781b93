// Reading modes of the text chapters (edition.sphinxext.reading). Loaded in the head and
// run before the text is drawn: the mode in the address (?mode=claims) or the reader's last
// choice is set on the root element at once, and the style sheet shows that mode's markup.
// Once the page is parsed the form is shown; its radio buttons are the list of modes.
(function () {
  "use strict";
  var KEY = "edition-reading-mode";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }
  function store(mode) {
    try { window.localStorage.setItem(KEY, mode); } catch (error) { /* storage off: the address still carries it */ }
  }

  var asked = new URLSearchParams(window.location.search).get("mode") || stored();
  if (asked) { root.dataset.readingMode = asked; }

  // Names that are not shown are not links either: no stray tab stop, no link for a screen
  // reader. The names: the entities' links and the glossary terms' links of the text.
  var NAMES = ".entity-wrap > a.reference, .edition-reading-text a.reference:has(> .std-term)";
  function setNameLinks(active) {
    document.querySelectorAll(NAMES).forEach(function (link) {
      if (active && link.hasAttribute("data-edition-href")) {
        link.setAttribute("href", link.getAttribute("data-edition-href"));
        link.removeAttribute("data-edition-href");
      } else if (!active && link.hasAttribute("href")) {
        link.setAttribute("data-edition-href", link.getAttribute("href"));
        link.removeAttribute("href");
      }
    });
  }

  function apply(form, mode) {
    root.dataset.readingMode = mode;
    form.querySelector('input[name="mode"][value="' + mode + '"]').checked = true;
    setNameLinks(mode === "names" || mode === "full");
    var address = new URL(window.location.href);
    address.searchParams.set("mode", mode);
    try { window.history.replaceState(window.history.state, "", address.href); } catch (error) { /* a file: page */ }
  }

  function start() {
    var form = document.querySelector("form.edition-reading-modes");
    if (!form) { return; }
    var known = Array.prototype.map.call(form.querySelectorAll('input[name="mode"]'), function (input) {
      return input.value;
    });
    apply(form, known.indexOf(asked) >= 0 ? asked : form.getAttribute("data-default-mode"));
    form.addEventListener("change", function (event) {
      apply(form, event.target.value);
      store(event.target.value);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();

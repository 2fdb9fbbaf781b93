// Reading modes of the text chapters (edition.sphinxext.reading). Loaded in the head and
// run before the text is drawn: the mode in the address (?mode=claims) or the reader's last
// choice is set on the root element at once, and the style sheet shows that mode's markup.
// Once the page is parsed, the form's radio buttons (the list of modes) are wired up.
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

  // The address's mode wins when it came with a link. One this script wrote into a history
  // entry (marked in the entry's state) yields to the reader's later choice, on Back or reload.
  function wanted() {
    var fromAddress = new URLSearchParams(window.location.search).get("mode");
    var written = window.history.state && window.history.state.editionReadingMode;
    return (written ? stored() || fromAddress : fromAddress || stored());
  }

  var asked = wanted();
  if (asked) { root.dataset.readingMode = asked; }

  // Names that are not shown are not links either: no stray tab stop, no link for a screen reader.
  function setNameLinks(active) {
    document.querySelectorAll("a.edition-name-link").forEach(function (link) {
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
    var radio = form.querySelector('input[name="mode"][value="' + mode + '"]');
    root.dataset.readingMode = mode;
    radio.checked = true;
    setNameLinks(radio.getAttribute("data-shows").split(" ").indexOf("names") >= 0);
    // what a printed page says of its mode (the full page needs no such line), in the words
    // the build gives the form (data-printed, in the page's language)
    var label = radio.parentNode.textContent.replace(/\s+/g, " ").trim();
    form.querySelector(".edition-mode-printed").textContent = mode === form.getAttribute("data-default-mode") ? ""
      : form.getAttribute("data-printed").replace("{mode}", function () { return label; });
    var address = new URL(window.location.href);
    address.searchParams.set("mode", mode);
    var state = Object.assign({}, window.history.state, { editionReadingMode: true });
    try { window.history.replaceState(state, "", address.href); } catch (error) { /* a file: page */ }
  }

  function choose(form, mode) {
    var known = Array.prototype.map.call(form.querySelectorAll('input[name="mode"]'), function (input) {
      return input.value;
    });
    apply(form, known.indexOf(mode) >= 0 ? mode : form.getAttribute("data-default-mode"));
  }

  function start() {
    var form = document.querySelector("form.edition-reading-modes");
    if (!form) { return; }
    form.addEventListener("change", function (event) {
      store(event.target.value);
      apply(form, event.target.value);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // a page restored from the back-forward cache shows the reader's latest choice
    window.addEventListener("pageshow", function (event) { if (event.persisted) { choose(form, wanted()); } });
    choose(form, asked);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();

// The Cite panel of a text chapter: when the address names a paragraph (#lfi-p07), the
// panel also offers that paragraph's citation, read (with the panel's words for it, in the
// page's language) from cite/<page>.json, which edition.sphinxext.reuse writes. Written with
// DOM text nodes only: no data string is ever parsed as HTML.
(() => {
  const panel = document.querySelector(".edition-cite-panel[data-paragraphs]");
  if (!panel) return;
  const box = panel.querySelector(".edition-cite-paragraph");
  let citations = null;

  const element = (name, text, className) => {
    const node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };

  async function show() {
    box.hidden = true;
    let anchor;
    try {
      anchor = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return; // not an address this page wrote
    }
    if (!anchor) return;
    try {
      citations = citations || (await (await fetch(panel.dataset.paragraphs)).json());
    } catch (error) {
      return; // opened from disk, or offline: the files listed in the panel still hold every paragraph
    }
    const formats = citations.paragraphs[anchor];
    const paragraph = document.getElementById(anchor);
    if (!formats || !paragraph) return;
    const heading = citations.labels.paragraph.replace("{number}", () => String(formats.number));
    box.replaceChildren(element("p", heading, "edition-cite-heading"));
    for (const [style, label] of citations.labels.styles) {
      const line = element("p");
      line.append(element("span", `${label}:`, "edition-cite-style"), " ", formats[style].text);
      box.append(line);
    }
    for (const [key, label] of citations.labels.raw) {
      const raw = element("details", undefined, "edition-cite-raw");
      raw.append(element("summary", label), element("pre", formats[key]));
      box.append(raw);
    }
    box.hidden = false;
  }

  window.addEventListener("hashchange", show);
  show();
})();

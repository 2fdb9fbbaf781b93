// The claims page's filter: shows only the claims of one text, verdict or kind, and keeps
// the choice in the address (?text=ww&verdict=contested), so a link reproduces it. Without
// JavaScript the form stays hidden and the table is whole. Each row's first cell carries
// its text, verdict and kind as classes (edition.sphinxext.apparatus.ClaimsTable).
(() => {
  const form = document.querySelector("form.edition-claims-filter");
  if (!form) return;
  const selects = Array.from(form.querySelectorAll("select"));
  const rows = Array.from(document.querySelectorAll(".claim-row")).map((mark) => mark.closest("tr"));
  const output = form.querySelector("output");

  function apply() {
    let shown = 0;
    for (const row of rows) {
      const mark = row.querySelector(".claim-row");
      const match = selects.every((s) => !s.value || mark.classList.contains(`${s.name}-${s.value}`));
      row.hidden = !match;
      shown += match ? 1 : 0;
    }
    // a verdict's heading, meaning and table show only while one of its claims does
    for (const table of document.querySelectorAll("table")) {
      const own = rows.filter((row) => table.contains(row));
      if (!own.length) continue;
      const empty = own.every((row) => row.hidden);
      let part = table.closest(".pst-scrollable-table-container") || table;
      while (part) {
        part.hidden = empty;
        if (part.tagName === "H2") break;
        part = part.previousElementSibling;
      }
    }
    // the words of the count are the page's (data-shown, in the page's language)
    const counts = { shown: String(shown), total: String(rows.length) };
    output.textContent = output.dataset.shown.replace(/\{(shown|total)\}/g, (match, name) => counts[name]);
  }

  function fromAddress() {
    const query = new URLSearchParams(location.search);
    for (const select of selects) {
      const wanted = query.get(select.name) || "";
      select.value = Array.from(select.options).some((o) => o.value === wanted) ? wanted : "";
    }
  }

  form.addEventListener("change", () => {
    const query = new URLSearchParams(location.search);
    for (const select of selects) {
      if (select.value) query.set(select.name, select.value);
      else query.delete(select.name);
    }
    const search = query.toString();
    history.replaceState(null, "", `${location.pathname}${search ? "?" + search : ""}${location.hash}`);
    apply();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  fromAddress();
  form.hidden = false;
  apply();
})();

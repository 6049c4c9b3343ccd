/**
 * A self-contained page that renders /openapi.json: no CDN, no external script, so it works offline and
 * under a strict network policy. It reads the document relative to itself and writes everything with
 * textContent (nothing from the document is parsed as HTML).
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cargo Express orders API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 960px; padding: 1rem 1.5rem; color: #1d2733; }
  h1 { margin-bottom: .25rem; } .intro { white-space: pre-wrap; background: #f5f7fa; padding: .75rem 1rem; border-radius: 6px; }
  .op { border: 1px solid #d5dbe3; border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem; }
  .method { display: inline-block; min-width: 4.5rem; font-weight: 700; text-transform: uppercase; }
  .get { color: #0b6e4f; } .post { color: #1f5fbf; } code, pre { font: 13px/1.4 ui-monospace, monospace; }
  pre { background: #f5f7fa; padding: .5rem; overflow-x: auto; } table { border-collapse: collapse; }
  td, th { border-bottom: 1px solid #e3e7ec; padding: .2rem .6rem .2rem 0; text-align: left; vertical-align: top; }
</style>
</head>
<body>
<h1 id="title">Cargo Express orders API</h1>
<p>Rendered from <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<div id="doc">Loading…</div>
<script>
(async () => {
  const root = document.getElementById("doc");
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const refName = (s) => (s && s.$ref ? s.$ref.split("/").pop() : s ? JSON.stringify(s) : "");
  let doc;
  try { doc = await (await fetch("openapi.json")).json(); } catch (e) { root.textContent = "Could not load openapi.json: " + e; return; }
  root.textContent = "";
  document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
  root.append(el("div", doc.info.description, "intro"));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const box = el("section", undefined, "op");
      const head = el("h3"); head.append(el("span", method, "method " + method), el("code", path));
      box.append(head, el("p", op.summary + (op.description ? " — " + op.description : "")));
      if (op.parameters && op.parameters.length) {
        const t = el("table"); t.append(el("tr")); t.firstChild.append(el("th", "parameter"), el("th", "in"), el("th", "schema"), el("th", "description"));
        for (const p of op.parameters) { const r = el("tr"); r.append(el("td", p.name), el("td", p.in), el("td", JSON.stringify(p.schema)), el("td", p.description || "")); t.append(r); }
        box.append(t);
      }
      if (op.requestBody) for (const [type, c] of Object.entries(op.requestBody.content)) box.append(el("p", "Body (" + type + "): " + refName(c.schema)));
      const t = el("table"); t.append(el("tr")); t.firstChild.append(el("th", "status"), el("th", "meaning"), el("th", "body"));
      for (const [status, r] of Object.entries(op.responses)) {
        const row = el("tr"); const body = r.content ? Object.entries(r.content).map(([type, c]) => type + " " + refName(c.schema)).join(", ") : "";
        row.append(el("td", status), el("td", r.description), el("td", body)); t.append(row);
      }
      box.append(t); root.append(box);
    }
  }
  root.append(el("h2", "Schemas"));
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const d = el("details"); d.id = "schema-" + name; d.append(el("summary", name), el("pre", JSON.stringify(schema, null, 2))); root.append(d);
  }
})();
</script>
</body>
</html>
`;

export const docsPage = (): string => PAGE;

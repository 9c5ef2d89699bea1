// quire watch --serve: reloads this page after each rebuild and shows a
// failed rebuild's errors over it. Put in by the preview server only; the
// file on disk never has it.
(() => {
  const version = __QUIRE_VERSION__;
  let shown = version;
  const frame = document.getElementById("quire-pdf");

  // A rebuild that wrote files: a page reloads, a PDF's frame fetches the
  // file again under a new `?v=` so no cache can answer for it.
  function update(state) {
    overlay(state.errors);
    if (state.version <= shown) return;
    shown = state.version;
    if (frame) {
      frame.src = frame.dataset.src + "?v=" + state.version;
    } else {
      location.reload();
    }
  }

  function overlay(errors) {
    const old = document.getElementById("quire-errors");
    if (old) old.remove();
    if (!errors.length) return;
    const box = document.createElement("div");
    box.id = "quire-errors";
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#1f2328;border-top:4px solid #d1242f;" +
      "box-shadow:0 -4px 16px rgba(0,0,0,.2);font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;text-align:left";
    const close = document.createElement("button");
    close.textContent = "×";
    close.title = "Hide until the next rebuild";
    close.style.cssText = "float:right;font-size:20px;border:0;background:none;cursor:pointer;color:#1f2328";
    close.onclick = () => box.remove();
    box.append(close);
    const title = document.createElement("div");
    title.textContent = "The rebuild failed: what you see is the last good build.";
    title.style.cssText = "font:bold 15px/1.4 system-ui,sans-serif;color:#a40e26;margin-bottom:.5rem";
    box.append(title);
    for (const error of errors) {
      const item = document.createElement("div");
      item.className = "quire-error";
      item.style.cssText = "margin:.5rem 0 .75rem";
      const head = document.createElement("div");
      if (error.location) {
        const where = document.createElement("strong");
        where.textContent = error.location;
        head.append(where, ": ");
      }
      head.append(error.message);
      item.append(head);
      if (error.line_text != null && error.line > 0) {
        const code = document.createElement("pre");
        code.style.cssText = "margin:.25rem 0;padding:.25rem .5rem;background:#fff;border:1px solid #eed;white-space:pre-wrap";
        const caret = " ".repeat(Math.max(0, error.column - 1)) + "^";
        code.textContent = error.line + " | " + error.line_text + "\n" +
          " ".repeat(String(error.line).length) + " | " + caret;
        item.append(code);
      }
      if (error.hint) {
        const hint = document.createElement("div");
        hint.textContent = "hint: " + error.hint;
        hint.style.color = "#0b5cad";
        item.append(hint);
      }
      box.append(item);
    }
    (document.body || document.documentElement).append(box);
  }

  // Not `error`: EventSource fires an `error` event of its own when the
  // connection drops.
  const events = new EventSource("/_quire/events");
  for (const name of ["status", "reload", "failed"]) {
    events.addEventListener(name, (event) => update(JSON.parse(event.data)));
  }
})();

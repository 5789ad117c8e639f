// cleantext serve: the page.  Plain JavaScript, no libraries, nothing from
// elsewhere: the server at this page's own origin cleans (POST /api/clean)
// and decodes files (POST /api/files); this script shows the result.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);

  /** Characters shown per panel; the copy and the downloads always hold everything. */
  const DISPLAY_LIMIT = 400000;
  const TYPE_DELAY = 350;
  const OPTION_DELAY = 80;

  const state = {
    rules: [],
    limits: { max_bytes: 50 * 1024 * 1024, max_size: "50 MB", max_files: 200 },
    docs: [],
    current: null,
    pending: 0,
    running: false,
    again: false,
    timer: null,
    shown: null, // {doc, result} on the panels
  };
  let nextId = 1;

  // ------------------------------------------------------------------ helpers

  function busy(delta) {
    state.pending += delta;
    document.body.dataset.busy = state.pending > 0 ? "1" : "0";
  }

  async function api(path, init) {
    busy(1);
    try {
      const response = await fetch(path, init);
      let data = null;
      try {
        data = await response.json();
      } catch (_) {
        data = null;
      }
      if (!response.ok) {
        throw new Error(data && data.error ? data.error : `${response.status} ${response.statusText}`);
      }
      return data;
    } finally {
      busy(-1);
    }
  }

  function setStatus(message, kind) {
    const status = $("#status");
    status.textContent = message;
    status.className = kind || "";
  }

  function plural(n, word, many) {
    return `${n.toLocaleString("en")} ${n === 1 ? word : many || word + "s"}`;
  }

  function utf8Length(text) {
    return new Blob([text]).size;
  }

  /** A short, visible rendering of an edit's text, quoted as `cleantext explain` quotes it. */
  function shown(text) {
    if (text === "") return "nothing";
    if (text === "\n") return "a line break";
    if (text === "\n\n") return "a blank line";
    if (text === " ") return "a space";
    let visible = text.replace(/\n/g, "↵").replace(/\u3000/g, "□");
    if (visible.length > 40) visible = visible.slice(0, 39) + "…";
    return `'${visible}'`;
  }

  function options() {
    const ignore = [];
    for (const box of document.querySelectorAll("#rules input[type=checkbox]")) {
      if (!box.checked && !box.disabled) ignore.push(box.value);
    }
    return {
      ignore,
      convert: $("#convert").value || null,
      pangu: $("#pangu").checked,
    };
  }

  function currentDoc() {
    return state.docs.find((d) => d.id === state.current) || null;
  }

  function newDoc(fields) {
    const doc = Object.assign(
      { id: nextId++, name: "pasted.txt", label: "Pasted text", text: "", result: null, key: null },
      fields
    );
    state.docs.push(doc);
    return doc;
  }

  // ------------------------------------------------------------------ rules

  async function loadRules() {
    const info = await api("/api/rules");
    state.rules = info.rules;
    state.limits = info.limits;
    $("#version").textContent = info.version;
    for (const el of document.querySelectorAll("[data-limit]")) el.textContent = info.limits.max_size;
    const box = $("#rules");
    $("#rules-loading").remove();
    for (const rule of info.rules) {
      if (rule.name === "convert" || (!rule.default && !rule.required)) continue;
      const id = `rule-${rule.name}`;
      const row = document.createElement("div");
      row.className = "check rule";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.id = id;
      input.value = rule.name;
      input.checked = true;
      input.disabled = rule.required;
      input.setAttribute("aria-describedby", `${id}-summary`);
      const label = document.createElement("label");
      label.htmlFor = id;
      const name = document.createElement("code");
      name.textContent = rule.name;
      const count = document.createElement("span");
      count.className = "count";
      count.dataset.rule = rule.name;
      label.append(name, " ", count);
      if (rule.required) label.append(" ", Object.assign(document.createElement("span"), { className: "note", textContent: "(always runs)" }));
      const summary = document.createElement("p");
      summary.id = `${id}-summary`;
      summary.className = "help";
      summary.textContent = rule.summary;
      row.append(input, label, summary);
      box.append(row);
      input.addEventListener("change", () => {
        countRules();
        schedule(OPTION_DELAY);
      });
    }
    countRules();
    const select = $("#convert");
    for (const c of info.conversions) {
      const option = document.createElement("option");
      option.value = c.name;
      option.textContent = `${c.label} (${c.name})`;
      select.append(option);
    }
  }

  function countRules() {
    const boxes = [...document.querySelectorAll("#rules input[type=checkbox]")];
    const on = boxes.filter((b) => b.checked).length;
    $("#rules-on").textContent = `(${on} of ${boxes.length} on)`;
  }

  // ------------------------------------------------------------------ cleaning

  function schedule(delay) {
    clearTimeout(state.timer);
    state.timer = setTimeout(refresh, delay);
  }

  /** The doc's clean text and edits for the current options (asked for once per text and options). */
  async function cleanDoc(doc) {
    const opts = options();
    const key = JSON.stringify(opts);
    const text = doc.text;
    if (doc.result && doc.key === key && doc.resultFor === text) return doc.result;
    if (utf8Length(text) > state.limits.max_bytes) {
      throw new Error(`the text is larger than the ${state.limits.max_size} limit`);
    }
    const result = await api("/api/clean", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({ text }, opts)),
    });
    doc.result = result;
    doc.key = key;
    doc.resultFor = text;
    return result;
  }

  // One request at a time: the server cannot stop a clean once started, so
  // while one runs, further changes only mark that another is needed, and
  // the latest text and options are sent when it returns.
  async function refresh() {
    clearTimeout(state.timer);
    if (state.running) {
      state.again = true;
      return;
    }
    const doc = currentDoc();
    if (!doc || doc.text === "") {
      render(doc, null);
      setStatus(doc && !doc.pasted ? `${doc.name} is empty.` : "Paste text or drop files to see them cleaned here.");
      return;
    }
    state.running = true;
    setStatus("Cleaning…");
    try {
      const result = await cleanDoc(doc);
      if (!state.again && doc === currentDoc() && doc.resultFor === doc.text) {
        render(doc, result);
        renderFiles();
      }
    } catch (error) {
      if (!state.again && doc === currentDoc()) {
        render(doc, null);
        setStatus(`Could not clean ${doc.pasted ? "the text" : doc.name}: ${error.message}`, "error");
      }
    } finally {
      state.running = false;
      if (state.again) {
        state.again = false;
        refresh();
      }
    }
  }

  // ------------------------------------------------------------------ panels

  function regionLabel(result, index) {
    const region = result.regions[index];
    if (!region.edits.length) return "Everything that changed (this long text's edits are not shown one by one)";
    const parts = region.edits.map((k) => {
      const e = result.edits[k];
      return `${e.rule}: ${shown(e.before)} → ${shown(e.after)}`;
    });
    return `Edit ${index + 1} of ${result.regions.length}: ${parts.join("; ")}`;
  }

  function fillPane(pre, text, result, side) {
    pre.textContent = "";
    const fragment = document.createDocumentFragment();
    const limit = Math.min(text.length, DISPLAY_LIMIT);
    let pos = 0;
    if (result) {
      result.regions.forEach((region, index) => {
        const [start, end] = region[side];
        if (start > limit || start < pos) return;
        if (start > pos) fragment.append(text.slice(pos, start));
        const mark = document.createElement("mark");
        const piece = text.slice(start, end);
        mark.className = "edit";
        if (piece === "") mark.classList.add("empty");
        if (piece.includes("\n")) mark.classList.add("nl");
        mark.dataset.region = String(index);
        mark.dataset.rules = [...new Set(region.edits.map((k) => result.edits[k].rule))].join(" ");
        mark.tabIndex = -1;
        mark.setAttribute("aria-label", regionLabel(result, index));
        mark.textContent = piece;
        fragment.append(mark);
        pos = end;
      });
    }
    if (pos < limit) fragment.append(text.slice(pos, limit));
    pre.append(fragment);
    return text.length > limit;
  }

  function render(doc, result) {
    hideTip();
    const input = $("#input-view");
    const output = $("#output-view");
    state.shown = result ? { doc, result } : null;
    const text = doc ? doc.text : "";
    let cut = fillPane(input, text, result, "input");
    if (result) cut = fillPane(output, result.clean, result, "output") || cut;
    else output.textContent = "";
    const note = $("#truncated");
    const notes = [];
    if (cut) notes.push(`The panels show the first ${DISPLAY_LIMIT.toLocaleString("en")} characters; copy and download give the whole text.`);
    if (result && !result.placed) notes.push("This text is long: the clean text is complete, but its edits could not be placed one by one in the time a page can wait, so one highlight covers everything that changed. Switch line-wrap off, or split the text, to see each edit.");
    if (result && result.truncated) notes.push(`The first ${plural(result.edits.length, "edit")} of ${result.total_edits.toLocaleString("en")} are highlighted.`);
    note.textContent = notes.join(" ");
    note.hidden = notes.length === 0;

    const counts = new Map();
    if (result) for (const e of result.edits) counts.set(e.rule, (counts.get(e.rule) || 0) + 1);
    for (const span of document.querySelectorAll("#rules .count")) {
      const n = counts.get(span.dataset.rule) || 0;
      span.textContent = n ? plural(n, "edit") : "";
    }
    const hasEdits = !!(result && result.regions.length);
    $("#prev-edit").disabled = !hasEdits;
    $("#next-edit").disabled = !hasEdits;
    $("#copy").disabled = !result;
    $("#download").disabled = !result;
    $("#download").textContent = doc && !doc.pasted ? `Download ${doc.name}` : "Download";
    if (result) {
      const who = doc.pasted ? "" : `${doc.name}${doc.encoding ? ` (${doc.encoding})` : ""}: `;
      if (!result.changed) setStatus(`${who}No changes: the text is already clean.`);
      else if (!result.placed) setStatus(`${who}Cleaned; the edits of this long text are not shown one by one.`);
      else {
        const rules = [...counts.keys()];
        setStatus(`${who}${plural(result.total_edits, "edit")} by ${plural(rules.length, "rule")}: ${rules.map((r) => `${r} ${counts.get(r)}`).join(", ")}.`);
      }
    }
  }

  // ------------------------------------------------------------------ edits: hover, focus, keys

  const tip = $("#tip");
  let tipFor = null;

  function counterpartMarks(index) {
    return document.querySelectorAll(`.view mark[data-region="${index}"]`);
  }

  function activate(mark, on) {
    for (const m of counterpartMarks(mark.dataset.region)) m.classList.toggle("active", on);
  }

  function showTip(mark) {
    if (!state.shown) return;
    const { result } = state.shown;
    const region = result.regions[Number(mark.dataset.region)];
    if (!region) return;
    if (tipFor && tipFor !== mark) activate(tipFor, false);
    tipFor = mark;
    activate(mark, true);
    tip.textContent = "";
    const seen = new Set();
    const list = document.createElement("ul");
    for (const k of region.edits.slice(0, 8)) {
      const e = result.edits[k];
      const item = document.createElement("li");
      const name = document.createElement("strong");
      name.textContent = e.rule;
      const change = document.createElement("span");
      change.className = "change";
      change.append(chunk(e.before), " → ", chunk(e.after));
      item.append(name, " ", change);
      if (!seen.has(e.rule)) {
        seen.add(e.rule);
        const what = document.createElement("span");
        what.className = "what";
        what.textContent = e.summary;
        item.append(what);
      }
      const where = document.createElement("span");
      where.className = "where";
      where.textContent = `line ${e.line}, column ${e.column} of the input`;
      item.append(where);
      list.append(item);
    }
    if (!region.edits.length) list.append(Object.assign(document.createElement("li"), { textContent: regionLabel(result, Number(mark.dataset.region)) }));
    tip.append(list);
    if (region.edits.length > 8) tip.append(`… and ${region.edits.length - 8} more`);
    tip.hidden = false;
    placeTip();
  }

  /** An edit's text in the description: boxed, with line breaks and spaces made visible. */
  function chunk(text) {
    const label = shown(text);
    if (!label.startsWith("'")) return label;
    const code = document.createElement("code");
    code.className = "chunk";
    code.textContent = label.slice(1, -1);
    return code;
  }

  function placeTip() {
    if (!tipFor || tip.hidden) return;
    const rect = tipFor.getBoundingClientRect();
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
    let top = rect.bottom + 6;
    if (top + height > window.innerHeight - 8) top = Math.max(8, rect.top - height - 6);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  function hideTip() {
    if (tipFor) activate(tipFor, false);
    tipFor = null;
    tip.hidden = true;
  }

  function marksOf(pane) {
    return pane.querySelectorAll("mark.edit");
  }

  function move(pane, step) {
    const marks = [...marksOf(pane)];
    if (!marks.length) return;
    const at = marks.indexOf(document.activeElement);
    let next;
    if (at < 0) next = step > 0 ? 0 : marks.length - 1;
    else next = Math.max(0, Math.min(marks.length - 1, at + step));
    focusMark(marks[next]);
  }

  function focusMark(mark) {
    mark.focus({ preventScroll: true });
    const index = mark.dataset.region;
    for (const other of counterpartMarks(index)) {
      if (other !== mark) other.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    mark.scrollIntoView({ block: "nearest", inline: "nearest" });
    showTip(mark);
  }

  for (const pane of document.querySelectorAll(".view")) {
    pane.addEventListener("mouseover", (event) => {
      const mark = event.target.closest("mark.edit");
      if (mark) showTip(mark);
    });
    pane.addEventListener("mouseout", (event) => {
      const mark = event.target.closest("mark.edit");
      if (mark && !mark.contains(event.relatedTarget) && document.activeElement !== mark) hideTip();
    });
    pane.addEventListener("focusin", (event) => {
      const mark = event.target.closest("mark.edit");
      if (mark) showTip(mark);
    });
    pane.addEventListener("focusout", (event) => {
      const mark = event.target.closest("mark.edit");
      if (mark && event.relatedTarget !== mark) hideTip();
    });
    pane.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "ArrowRight" || event.key === "n") {
        event.preventDefault();
        move(pane, 1);
      } else if (event.key === "ArrowLeft" || event.key === "p") {
        event.preventDefault();
        move(pane, -1);
      } else if (event.key === "Home" && event.target !== pane) {
        event.preventDefault();
        move(pane, -Infinity);
      } else if (event.key === "End" && event.target !== pane) {
        event.preventDefault();
        move(pane, Infinity);
      } else if (event.key === "Escape") {
        hideTip();
        if (event.target !== pane) pane.focus();
      }
    });
    pane.addEventListener("scroll", placeTip, { passive: true });
  }
  window.addEventListener("scroll", placeTip, { passive: true });
  window.addEventListener("resize", placeTip);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hideTip();
  });

  function stepFromToolbar(step) {
    const pane = $("#output-view");
    const marks = [...marksOf(pane)];
    if (!marks.length) return;
    const at = marks.findIndex((m) => m.classList.contains("active"));
    const next = at < 0 ? (step > 0 ? 0 : marks.length - 1) : Math.max(0, Math.min(marks.length - 1, at + step));
    focusMark(marks[next]);
  }
  $("#next-edit").addEventListener("click", () => stepFromToolbar(1));
  $("#prev-edit").addEventListener("click", () => stepFromToolbar(-1));

  // ------------------------------------------------------------------ files

  function renderFiles() {
    const files = state.docs.filter((d) => !d.pasted);
    $("#files-box").hidden = files.length === 0;
    const all = $("#download-all");
    const good = state.docs.filter((d) => !d.error && d.text !== "");
    all.hidden = files.length === 0;
    all.disabled = good.length === 0;
    const list = $("#files");
    list.textContent = "";
    for (const doc of state.docs) {
      if (doc.pasted && doc.text === "" && files.length) continue;
      const item = document.createElement("li");
      if (doc.error) {
        item.className = "error";
        item.dataset.state = "error";
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = doc.name;
        const message = document.createElement("span");
        message.className = "message";
        message.textContent = doc.error;
        item.append(name, message);
      } else {
        item.dataset.state = "ok";
        const button = document.createElement("button");
        button.type = "button";
        button.className = "doc";
        button.setAttribute("aria-pressed", String(doc.id === state.current));
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = doc.label || doc.name;
        const meta = document.createElement("span");
        meta.className = "meta";
        const bits = [];
        if (doc.encoding) bits.push(doc.encoding);
        if (doc.result && doc.key === JSON.stringify(options())) bits.push(doc.result.changed ? plural(doc.result.total_edits, "edit") : "already clean");
        meta.textContent = bits.join(" · ");
        button.append(name, meta);
        button.addEventListener("click", () => select(doc.id));
        item.append(button);
      }
      list.append(item);
    }
  }

  function select(id) {
    const doc = state.docs.find((d) => d.id === id);
    if (!doc || doc.error) return;
    state.current = id;
    const source = $("#source");
    source.value = doc.text;
    $("#source-label").textContent = doc.pasted ? "Paste the text to clean" : `Text of ${doc.name} (you can edit it)`;
    renderFiles();
    refresh();
  }

  /** Split files into requests that stay within the server's limits. */
  function batches(items) {
    const out = [];
    let batch = [];
    let total = 0;
    for (const item of items) {
      const size = item.file.size;
      if (batch.length && (total + size > state.limits.max_bytes || batch.length >= state.limits.max_files)) {
        out.push(batch);
        batch = [];
        total = 0;
      }
      batch.push(item);
      total += size;
    }
    if (batch.length) out.push(batch);
    return out;
  }

  async function addFiles(fileList) {
    const files = [...fileList];
    if (!files.length) return;
    // One slot per file, in the order given, whichever request reads it.
    const slots = files.map((file) => ({ name: file.name, size: file.size }));
    const send = [];
    files.forEach((file, index) => {
      if (file.size > state.limits.max_bytes) {
        slots[index].error = `the file is larger than the ${state.limits.max_size} limit`;
      } else {
        send.push({ file, index });
      }
    });
    setStatus(`Reading ${plural(files.length, "file")}…`);
    for (const batch of batches(send)) {
      const form = new FormData();
      for (const { file } of batch) form.append("files", file, file.name);
      try {
        const reply = await api("/api/files", { method: "POST", body: form });
        reply.files.forEach((f, k) => Object.assign(slots[batch[k].index], f));
      } catch (error) {
        for (const { index } of batch) slots[index].error = `not read: ${error.message}`;
      }
    }
    const added = slots.map((slot) => newDoc(Object.assign({ label: null }, slot)));
    const failed = added.filter((d) => d.error);
    const first = added.find((d) => !d.error);
    const notice = $("#notice");
    notice.textContent = failed.length
      ? `${plural(failed.length, "file")} could not be read: ${failed.map((d) => `${d.name}: ${d.error}`).join("; ")}.`
      : "";
    notice.hidden = !failed.length;
    if (first) select(first.id);
    else {
      renderFiles();
      setStatus(failed.length ? "No file could be read." : "", failed.length ? "error" : "");
    }
  }

  const drop = $("#drop");
  $("#choose").addEventListener("click", () => $("#picker").click());
  $("#picker").addEventListener("change", (event) => {
    addFiles(event.target.files);
    event.target.value = "";
  });
  let dragDepth = 0;
  window.addEventListener("dragenter", (event) => {
    if (![...(event.dataTransfer ? event.dataTransfer.types : [])].includes("Files")) return;
    dragDepth += 1;
    drop.classList.add("dragging");
  });
  window.addEventListener("dragleave", () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) drop.classList.remove("dragging");
  });
  window.addEventListener("dragover", (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
  });
  window.addEventListener("drop", (event) => {
    event.preventDefault();
    dragDepth = 0;
    drop.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) addFiles(event.dataTransfer.files);
  });

  $("#clear-files").addEventListener("click", () => {
    state.docs = state.docs.filter((d) => d.pasted);
    $("#notice").hidden = true;
    select(state.docs[0].id);
    $("#source").focus();
  });

  // ------------------------------------------------------------------ copy and download

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (_) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.append(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (_) {
        ok = false;
      }
      area.remove();
      return ok;
    }
  }

  $("#copy").addEventListener("click", async () => {
    if (!state.shown) return;
    const ok = await copyText(state.shown.result.clean);
    setStatus(ok ? "Copied the clean text." : "Could not copy: select the clean text and copy it by hand.", ok ? "" : "error");
  });

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  $("#download").addEventListener("click", () => {
    if (!state.shown) return;
    const { doc, result } = state.shown;
    save(new Blob([result.clean], { type: "text/plain;charset=utf-8" }), doc.pasted ? "clean.txt" : doc.name);
  });

  $("#download-all").addEventListener("click", async () => {
    const docs = state.docs.filter((d) => !d.error && d.text !== "");
    const entries = [];
    const used = new Set();
    try {
      for (const [i, doc] of docs.entries()) {
        setStatus(`Cleaning ${i + 1} of ${docs.length}: ${doc.name}…`);
        const result = await cleanDoc(doc);
        const base = doc.pasted ? "clean.txt" : doc.name;
        let name = base;
        for (let n = 2; used.has(name); n++) name = base.replace(/(\.[^.]*)?$/, (ext) => ` (${n})${ext || ""}`);
        used.add(name);
        entries.push({ name, data: new TextEncoder().encode(result.clean) });
      }
    } catch (error) {
      setStatus(`Could not clean every file: ${error.message}`, "error");
      return;
    }
    save(zip(entries), "cleantext.zip");
    renderFiles();
    setStatus(`Downloaded ${plural(entries.length, "clean file")} as cleantext.zip.`);
  });

  // A stored (uncompressed) zip with UTF-8 names: the texts are small next
  // to what a compressor would cost in code, and every unzip tool reads it.
  const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    let c = 0xffffffff;
    for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  function zip(entries) {
    const parts = [];
    const central = [];
    let offset = 0;
    const now = new Date();
    const time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
    const date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
    const encoder = new TextEncoder();
    for (const entry of entries) {
      const name = encoder.encode(entry.name);
      const crc = crc32(entry.data);
      const size = entry.data.length;
      const local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true);
      local.setUint16(6, 0x0800, true); // UTF-8 names
      local.setUint16(8, 0, true); // stored
      local.setUint16(10, time, true);
      local.setUint16(12, date, true);
      local.setUint32(14, crc, true);
      local.setUint32(18, size, true);
      local.setUint32(22, size, true);
      local.setUint16(26, name.length, true);
      local.setUint16(28, 0, true);
      parts.push(local, name, entry.data);
      const head = new DataView(new ArrayBuffer(46));
      head.setUint32(0, 0x02014b50, true);
      head.setUint16(4, 20, true);
      head.setUint16(6, 20, true);
      head.setUint16(8, 0x0800, true);
      head.setUint16(10, 0, true);
      head.setUint16(12, time, true);
      head.setUint16(14, date, true);
      head.setUint32(16, crc, true);
      head.setUint32(20, size, true);
      head.setUint32(24, size, true);
      head.setUint16(28, name.length, true);
      head.setUint32(42, offset, true);
      central.push(head, name);
      offset += 30 + name.length + size;
    }
    const centralSize = central.reduce((n, part) => n + part.byteLength, 0);
    const end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, entries.length, true);
    end.setUint16(10, entries.length, true);
    end.setUint32(12, centralSize, true);
    end.setUint32(16, offset, true);
    return new Blob([...parts, ...central, end], { type: "application/zip" });
  }

  // ------------------------------------------------------------------ start

  // The rule list is long: folded on narrow screens, open where there is room.
  $("#rules-box").open = window.matchMedia("(min-width: 901px)").matches;

  const pasted = newDoc({ pasted: true });
  state.current = pasted.id;
  const source = $("#source");
  source.addEventListener("input", () => {
    const doc = currentDoc();
    if (!doc) return;
    doc.text = source.value;
    doc.result = null;
    schedule(TYPE_DELAY);
  });
  $("#convert").addEventListener("change", () => schedule(OPTION_DELAY));
  $("#pangu").addEventListener("change", () => schedule(OPTION_DELAY));

  loadRules()
    .then(() => {
      document.body.dataset.ready = "1";
      if (source.value) {
        pasted.text = source.value;
        refresh();
      }
    })
    .catch((error) => setStatus(`Could not reach the cleantext server: ${error.message}`, "error"));
})();

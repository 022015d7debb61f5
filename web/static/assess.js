// The self-assessment wizard and its print view: progressive enhancement only. Without this script the
// server does it all: a question revealed by an answer is asked after saving (the "本页新增了问题" reload),
// choices live in the form only, and the print view says to use the browser's print command.
(function () {
  "use strict";
  var form = document.querySelector("form.wizard");

  // 清空重来 and 删除: the choices kept in this browser for the assessment go with the answers.
  document.querySelectorAll("form[data-clear-drafts]").forEach(function (confirm) {
    confirm.addEventListener("submit", function () {
      var prefix = confirm.getAttribute("data-clear-drafts");
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var key = localStorage.key(i);
          if (key && key.indexOf(prefix) === 0) localStorage.removeItem(key);
        }
      } catch (e) { /* storage blocked: nothing was kept */ }
    });
  });

  if (!form) return;
  var conditional = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-show-if]"));

  function answer(id) {
    var box = document.getElementById("q-" + id);
    if (!box || box.hidden) return null;
    var checked = box.querySelector("input[name='q_" + id + "']:checked");
    return checked ? checked.value : null;
  }

  // Show or hide each question whose condition is on this page (in page order, so a chain of
  // conditions settles in one pass); a hidden one is disabled, so it is neither sent nor saved.
  function reveal(announce) {
    var added = [];
    conditional.forEach(function (box) {
      var rule = JSON.parse(box.getAttribute("data-show-if"));
      var show = Object.keys(rule).every(function (parent) { return rule[parent].indexOf(answer(parent)) >= 0; });
      if (show && box.hidden) added.push(box.querySelector("legend").textContent);
      box.hidden = !show;
      box.disabled = !show;
    });
    var note = document.getElementById("revealed-note");
    if (announce && added.length && note) {
      note.textContent = note.getAttribute("data-text") + added.join("；");
      note.hidden = false;
    }
  }

  // A local draft: the choices not yet saved, per assessment and page, so that a reload keeps them.
  var key = form.getAttribute("data-draft-key");
  var storage = null;
  try { storage = window.localStorage; storage.setItem(key + ":probe", "1"); storage.removeItem(key + ":probe"); }
  catch (e) { storage = null; }

  function fields() {
    return Array.prototype.slice.call(form.querySelectorAll("input[name^='q_'], input[name^='u_']"));
  }

  function state() {
    var out = {};
    fields().forEach(function (input) {
      if (input.type === "radio") {
        if (!(input.name in out)) out[input.name] = "";
        if (input.checked) out[input.name] = input.value;
      } else if (input.type === "checkbox") {
        out[input.name] = input.checked ? input.value : "";
      } else {
        out[input.name] = input.value;
      }
    });
    return out;
  }

  function apply(saved) {
    fields().forEach(function (input) {
      if (!(input.name in saved)) return;
      if (input.type === "radio" || input.type === "checkbox") input.checked = saved[input.name] === input.value;
      else input.value = saved[input.name];
    });
  }

  function same(a, b) {
    return Object.keys(a).every(function (name) { return !(name in b) || a[name] === b[name]; });
  }

  if (storage) {
    form.querySelectorAll("[data-js-only]").forEach(function (node) { node.hidden = false; });
    var kept = null;
    try { kept = JSON.parse(storage.getItem(key) || "null"); } catch (e) { kept = null; }
    if (kept && typeof kept === "object") {
      if (same(kept, state())) {
        storage.removeItem(key);  // what the server shows already: saved
      } else {
        apply(kept);
        var restored = document.getElementById("draft-note");
        if (restored) restored.hidden = false;
      }
    }
  }
  reveal(false);

  function keep() {
    reveal(true);
    if (storage) {
      try { storage.setItem(key, JSON.stringify(state())); } catch (e) { /* full: the form still works */ }
    }
  }
  // A date typed digit by digit fires "input" before its "change".
  form.addEventListener("change", keep);
  form.addEventListener("input", keep);
  // Sent to the server: saved there, or sent back with the choices and what to correct.
  form.addEventListener("submit", function () { if (storage) storage.removeItem(key); });
})();

// The print view: a 打印 button where the browser can print from a script.
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  document.querySelectorAll("button[data-print][hidden]").forEach(function (button) { button.hidden = false; });
  document.querySelectorAll("[data-print-hint]").forEach(function (hint) { hint.hidden = true; });
})();

// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Copy a citation to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    var show = function (text) {
      button.textContent = text;
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    var legacy = function () {
      field.focus();
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      show(ok ? "已复制" : "请按 Ctrl+C 复制");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(function () { show("已复制"); }, legacy);
    } else {
      legacy();
    }
  });

  // A permalink to an item of a long article: show the article's heading too when the item still fits.
  if (location.hash) {
    var target = document.getElementById(location.hash.slice(1));
    var article = target && target.closest ? target.closest("article.article") : null;
    if (article && article !== target) {
      var top = article.getBoundingClientRect().top, bottom = target.getBoundingClientRect().bottom;
      if (bottom - top < window.innerHeight * 0.9) article.scrollIntoView({block: "start"});
    }
  }

  // Search: changing a filter searches again (without JavaScript the 检索 button does).
  var searchForm = document.querySelector("form.search-form");
  if (searchForm) {
    searchForm.querySelectorAll(".filters select").forEach(function (select) {
      select.addEventListener("change", function () {
        if (searchForm.querySelector("#q").value.trim()) searchForm.submit();
      });
    });
  }

  // The chat: Enter sends, Shift+Enter starts a new line; answers come in place.
  var form = document.getElementById("ask-form");
  var list = document.getElementById("messages");
  if (!form || !list) return;
  var box = form.querySelector("textarea");
  var hint = form.querySelector(".enter-hint");
  if (hint) hint.hidden = false;

  box.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey) return;
    // Enter that confirms an IME candidate (拼音输入) is not a send.
    if (event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    if (!box.value.trim() || form.classList.contains("is-loading")) return;
    if (form.requestSubmit) form.requestSubmit();
    else form.querySelector("button[type=submit]").click();
  });

  if (!window.fetch || !window.history || !history.replaceState) return;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hidden(name, value) {
    var input = form.querySelector("input[name=" + name + "]");
    if (value === null) {
      if (input) input.remove();
      return;
    }
    if (!input) {
      input = el("input");
      input.type = "hidden";
      input.name = name;
      form.insertBefore(input, form.firstChild);
    }
    input.value = value;
  }

  // The page now shows a saved conversation: keep posting to it, and let a
  // reload come back to it.
  function adopt(conversation, replayed) {
    if (!conversation) return;
    list.querySelectorAll("[data-preview]").forEach(function (node) {
      if (replayed) node.removeAttribute("data-preview");
      else node.remove();  // not saved (the same question again): shown once
    });
    hidden("c", conversation);
    hidden("context", null);
    history.replaceState(null, "", form.getAttribute("action") + "?c=" + encodeURIComponent(conversation) + "#latest");
  }

  function chip(question) {
    var li = el("li");
    var button = el("button", "chip", question);
    button.type = "button";
    button.addEventListener("click", function () { send(question); });
    li.appendChild(button);
    return li;
  }

  function render(question, answer) {
    var intro = list.querySelector(".hint");
    if (intro) intro.remove();
    var old = document.getElementById("latest");
    if (old) old.removeAttribute("id");
    var q = el("li", "message question");
    q.appendChild(el("span", "who", "问"));
    q.appendChild(el("p", "", question));
    var a = el("li", "message answer" + (answer.answered ? "" : " not-answered"));
    a.id = "latest";
    a.appendChild(el("span", "who", "答"));
    var body = el("div", "answer-body");
    if (!answer.answered) {
      body.appendChild(el("p", "not-covered-tag",
        answer.clarify && answer.clarify.length ? "需要确认" : (answer.citations.length ? "办法未作规定" : "不在办法范围内")));
    }
    body.appendChild(el("p", "answer-text", answer.answer));
    (answer.citations || []).slice(0, 3).forEach(function (c) {
      var fig = el("figure", "quote");
      // An answer that already is the clause, word for word, is not quoted twice.
      if (answer.answer.replace(/\n/g, "").replace(/（共\d+项）/g, "").indexOf(c.text) < 0) {
        var quote = el("blockquote", "", "");
        if (c.lead) quote.appendChild(el("span", "lead-in", c.lead));
        quote.appendChild(document.createTextNode(c.text));
        fig.appendChild(quote);
      }
      var cap = el("figcaption");
      var link = el("a", "", c.citation);
      link.href = "/articles#" + encodeURIComponent(c.id);
      cap.appendChild(link);
      fig.appendChild(cap);
      body.appendChild(fig);
    });
    if (answer.suggestions && answer.suggestions.length) {
      var more = el("div", "followups");
      more.appendChild(el("span", "muted small", "接着问："));
      var chips = el("ul", "chips");
      answer.suggestions.slice(0, 4).forEach(function (s) { chips.appendChild(chip(s)); });
      more.appendChild(chips);
      body.appendChild(more);
    }
    a.appendChild(body);
    list.appendChild(q);
    list.appendChild(a);
    a.scrollIntoView({ block: "nearest" });
  }

  function showError(message) {
    var note = document.getElementById("ask-error");
    if (!note) {
      note = el("p", "notice error");
      note.id = "ask-error";
      note.setAttribute("role", "alert");
      form.insertBefore(note, form.querySelector("label"));
      box.setAttribute("aria-describedby", "ask-hint ask-error");
    }
    note.textContent = message;
  }

  function send(question) {
    if (form.classList.contains("is-loading")) return;  // one question at a time
    var data = new FormData(form);
    data.set("question", question);
    form.classList.add("is-loading");
    fetch(form.action, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (!result.ok) {
          adopt(result.body.conversation, true);
          showError(result.body.error || "提问失败，请重试");
          return;
        }
        var err = document.getElementById("ask-error");
        if (err) err.remove();
        box.setAttribute("aria-describedby", "ask-hint");
        adopt(result.body.conversation, result.body.replayed);
        render(question, result.body);
        box.value = "";
      })
      .catch(function () { box.value = question; form.submit(); })
      .finally(function () { form.classList.remove("is-loading"); });
  }

  form.addEventListener("submit", function (event) {
    var text = box.value.trim();
    if (!text) return;
    event.preventDefault();
    send(text);
  });

  // A follow-up under a server-made answer: asked like one typed in the box.
  list.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.value) return;
    event.preventDefault();
    send(button.value);
  });
})();
// 打印: the 一次性告知单's link prints the page (without script it opens the PDF); so does the print view's button.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-print]");
  if (!link || typeof window.print !== "function") return;
  event.preventDefault();
  window.print();
});


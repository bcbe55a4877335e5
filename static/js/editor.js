/* pressreview editor: fetch a page's metadata, excerpts formset, live preview, tag
   autocomplete, press-link picker. Plain JS, no framework. Every value coming from the
   server is set with textContent or .value, except the preview, which is the sanitised
   HTML of the pages' own pipeline. The form works without this script. */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(form, url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form) },
    });
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  /* --- Formsets (excerpts, numbered sources): add, remove, reorder ------------------- */

  function setupFormset(form, box) {
    var prefix = box.dataset.formset;
    var template = document.getElementById(prefix + "-template");
    var total = form.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    var addButton = form.querySelector("[data-add=" + prefix + "]");
    if (!template || !total) return null;

    function visible() {
      return Array.prototype.filter.call(box.querySelectorAll("[data-item]"), function (el) {
        return !el.hidden;
      });
    }
    function renumber() {
      visible().forEach(function (item, index) {
        var order = item.querySelector("input[name$=-ORDER]");
        if (order) order.value = index + 1;
        var number = item.querySelector("[data-number]");
        if (number) number.textContent = "[" + (index + 1) + "]";
      });
    }
    function enhance(item) {
      item.querySelectorAll("[data-move]").forEach(function (b) { b.hidden = false; });
      var order = item.querySelector("label.order");
      if (order) order.hidden = true;
      var del = item.querySelector("input[name$=-DELETE]");
      if (del) {
        var label = del.closest("label");
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "remove-item";
        remove.textContent = label ? label.textContent.trim() : "×";
        if (label) label.hidden = true;
        remove.addEventListener("click", function () {
          del.checked = true;
          item.hidden = true;
          renumber();
        });
        item.querySelector(".item-tools").appendChild(remove);
      }
    }
    function add() {
      var index = parseInt(total.value, 10);
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var item = holder.firstElementChild;
      box.appendChild(item);
      total.value = index + 1;
      enhance(item);
      renumber();
      return item;
    }
    box.addEventListener("input", function () { form.dispatchEvent(new Event("editor:sources")); });
    box.querySelectorAll("[data-item]").forEach(enhance);
    renumber();
    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var item = button.closest("[data-item]");
      var list = visible();
      var at = list.indexOf(item) + parseInt(button.dataset.move, 10);
      if (at < 0 || at >= list.length) return;
      if (button.dataset.move === "-1") box.insertBefore(item, list[at]);
      else box.insertBefore(list[at], item);
      renumber();
      button.focus();
    });
    if (addButton) {
      addButton.hidden = false;
      addButton.addEventListener("click", function () {
        var field = add().querySelector("textarea, input:not([type=hidden])");
        if (field) field.focus();
      });
    }
    return {
      isEmpty: function () {
        return visible().every(function (el) { return !el.querySelector("textarea").value.trim(); });
      },
      suggest: function (text) {
        var first = visible()[0];
        var area = (first || add()).querySelector("textarea");
        if (!area.value.trim()) area.value = text;
      },
    };
  }

  /* --- Picking a stored press link for a numbered source ------------------------------ */

  function setupLinkPicker(form) {
    var url = form.dataset.linkSearchUrl;
    if (!url) return;
    function results(item) {
      var list = item.querySelector("[data-link-results]");
      list.textContent = "";
      return list;
    }
    function pick(item, link) {
      item.querySelector("input[name$=-press_link]").value = link.id;
      var label = item.querySelector("input[name$=-label]");
      var address = item.querySelector("input[name$=-url]");
      if (!label.value.trim()) label.value = link.title + (link.source ? ", " + link.source : "");
      if (!address.value.trim()) address.value = link.url;
      item.querySelector("[data-linked]").textContent = form.dataset.linkedText.replace("{title}", link.title);
      item.querySelector("[data-link-search]").value = "";
      results(item);
      form.dispatchEvent(new Event("editor:sources"));
    }
    var lookup = debounce(function (input) {
      var item = input.closest("[data-item]");
      var text = input.value.trim();
      if (!text) { results(item); return; }
      fetch(url + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (input.value.trim() !== text) return;
          var list = results(item);
          (answer.links || []).forEach(function (link) {
            var li = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = link.title + (link.source ? " — " + link.source : "");
            button.addEventListener("click", function () { pick(item, link); });
            li.appendChild(button);
            list.appendChild(li);
          });
        });
    }, 200);
    form.addEventListener("input", function (event) {
      if (event.target.matches("[data-link-search]")) lookup(event.target);
    });
    form.addEventListener("click", function (event) {
      var unlink = event.target.closest("[data-unlink]");
      if (!unlink) return;
      var item = unlink.closest("[data-item]");
      item.querySelector("input[name$=-press_link]").value = "";
      item.querySelector("[data-linked]").textContent = "";
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.matches("[data-link-search]")) event.preventDefault();
    });
  }

  /* --- Fetching the page ------------------------------------------------------------ */

  function setupFetch(form, excerpts) {
    var url = form.querySelector("[data-fetch=url]");
    var button = form.querySelector("[data-fetch-button]");
    var status = form.querySelector("[data-fetch-status]");
    var duplicateBox = document.querySelector("[data-duplicate]");
    if (!url || !button) return;
    var lastFetched = null;

    function say(text, isError) {
      status.textContent = "";
      var span = document.createElement("span");
      if (isError) span.className = "error";
      span.textContent = text;
      status.appendChild(span);
    }
    function showDuplicate(info) {
      duplicateBox.textContent = "";
      if (!info) return;
      var section = document.createElement("section");
      section.className = "notice duplicate";
      section.setAttribute("role", "status");
      var p = document.createElement("p");
      p.textContent = info.message + " ";
      if (info.url) {
        var a = document.createElement("a");
        a.className = "open-existing";
        a.href = info.url;
        a.textContent = form.dataset.openExistingText;
        p.appendChild(a);
      }
      section.appendChild(p);
      duplicateBox.appendChild(section);
    }
    function fill(name, value) {
      var field = form.elements[name];
      if (field && value && !field.value.trim()) field.value = value;
    }
    function run() {
      var value = url.value.trim();
      if (!value || value === lastFetched) return;
      lastFetched = value;
      say(form.dataset.fetchingText, false);
      button.disabled = true;
      post(form, form.dataset.fetchUrl, { url: value, exclude: form.dataset.entry || "" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          showDuplicate(answer.duplicate);
          if (answer.url && answer.url !== value) url.value = answer.url;
          if (answer.duplicate) { say("", false); return; }
          if (!answer.ok) {
            say(form.dataset.fetchFailedText.replace("{reason}", answer.error), true);
            lastFetched = null;
            return;
          }
          Object.keys(answer.fields || {}).forEach(function (name) { fill(name, answer.fields[name]); });
          if (answer.excerpt && excerpts && excerpts.isEmpty()) excerpts.suggest(answer.excerpt);
          say(form.dataset.fetchedText, false);
          form.dispatchEvent(new Event("editor:fetched"));
        })
        .catch(function () {
          say(form.dataset.fetchFailedText.replace("{reason}", ""), true);
          lastFetched = null;
        })
        .finally(function () { button.disabled = false; });
    }
    button.addEventListener("click", function (event) { event.preventDefault(); run(); });
    url.addEventListener("paste", function () { setTimeout(run, 0); });
    url.addEventListener("change", run);
    url.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); run(); }
    });
    if (form.hasAttribute("data-autofetch")) run();
  }

  /* --- Live preview ------------------------------------------------------------------ */

  function setupPreview(form) {
    document.querySelectorAll("[data-preview-for]").forEach(function (box) {
      var area = document.getElementById(box.dataset.previewFor);
      var target = box.querySelector(".preview-body");
      if (!area || !target) return;
      var update = debounce(function () {
        var text = area.value;
        if (!text.trim()) { box.hidden = true; target.textContent = ""; return; }
        var fields = { text: text };
        var sources = form.querySelector("[data-formset=sources]");
        if (sources) {
          fields.sources = Array.prototype.filter.call(sources.querySelectorAll("[data-item]"), function (item) {
            var label = item.querySelector("input[name$=-label]");
            return !item.hidden && label && label.value.trim();
          }).length;
        }
        post(form, form.dataset.previewUrl, fields)
          .then(function (response) {
            return response.text().then(function (body) {
              // 200: the sanitised HTML fragment; 400 or 429: a plain-text reason (too long,
              // too many previews); anything else: no preview.
              return { ok: response.ok, text: body, status: response.status };
            });
          })
          .then(function (answer) {
            if (answer.ok) {
              target.innerHTML = answer.text; // sanitised by the server's one markup pipeline
              box.hidden = !answer.text;
            } else if (answer.status === 400 || answer.status === 429) {
              target.textContent = "";
              var note = document.createElement("p");
              note.className = "error";
              note.textContent = answer.text;
              target.appendChild(note);
              box.hidden = false;
            } else {
              target.textContent = "";
              box.hidden = true;
            }
          })
          .catch(function () { /* offline: the last preview stays */ });
      }, 300);
      area.addEventListener("input", update);
      form.addEventListener("editor:sources", update);
      update();
    });
  }

  /* --- Tag autocomplete -------------------------------------------------------------- */

  function setupAutocomplete(form) {
    var input = form.querySelector("[data-autocomplete=tags]");
    var list = form.querySelector("[data-suggestions]");
    if (!input || !list) return;
    var active = -1;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    list.id = input.id + "_suggestions";
    input.setAttribute("aria-controls", list.id);

    function currentWord() {
      var upto = input.value.slice(0, input.selectionStart);
      var match = upto.match(/(^|\s)(##?)([^\s#]*)$/);
      return match ? { hashes: match[2], text: match[3], start: upto.length - match[2].length - match[3].length } : null;
    }
    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      input.setAttribute("aria-expanded", "false");
    }
    function choose(name) {
      var word = currentWord();
      if (!word) return;
      var before = input.value.slice(0, word.start);
      var after = input.value.slice(input.selectionStart).replace(/^\S*/, "");
      var inserted = word.hashes + name + " ";
      input.value = before + inserted + after.replace(/^\s+/, "");
      var caret = (before + inserted).length;
      input.setSelectionRange(caret, caret);
      close();
      input.focus();
    }
    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (items[index]) input.setAttribute("aria-activedescendant", items[index].id);
    }
    var lookup = debounce(function () {
      var word = currentWord();
      if (!word || !word.text) { close(); return; }
      var query = word.text;
      fetch(form.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var now = currentWord();
          if (!now || now.text !== query) return;
          list.textContent = "";
          (answer.tags || []).forEach(function (tag, index) {
            var li = document.createElement("li");
            li.setAttribute("role", "option");
            li.id = list.id + "_" + index;
            li.dataset.name = tag.name;
            li.textContent = "#" + tag.name;
            var count = document.createElement("span");
            count.className = "count";
            count.textContent = " " + tag.count;
            li.appendChild(count);
            li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(tag.name); });
            list.appendChild(li);
          });
          var any = list.children.length > 0;
          list.hidden = !any;
          input.setAttribute("aria-expanded", any ? "true" : "false");
          active = -1;
        });
    }, 150);
    input.addEventListener("input", lookup);
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("li");
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter" || event.key === "Tab") {
        if (active >= 0) { event.preventDefault(); choose(items[active].dataset.name); }
      } else if (event.key === "Escape") { close(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.editor-form").forEach(function (form) {
      var formsets = {};
      form.querySelectorAll("[data-formset]").forEach(function (box) {
        formsets[box.dataset.formset] = setupFormset(form, box);
      });
      setupFetch(form, formsets.excerpts);
      setupLinkPicker(form);
      setupPreview(form);
      setupAutocomplete(form);
    });
  });
})();

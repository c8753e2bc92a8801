/* Progressive enhancement for the browser's pages (the pages work without it):
 * - concept suggestions under every search box that has data-api;
 * - the SPARQL page's example picker fills the query box.
 * A box with data-fill (a query's parameter) takes the chosen concept's label
 * instead of opening its page. */
(function () {
  "use strict";

  function label(c, lang) {
    var l = c.label || {};
    return l[lang] || l.en || l.fr || c.slug;
  }

  function itemsOf(data) {
    if (Array.isArray(data)) return data;
    return data.results || data.items || data.concepts || [];
  }

  function suggest(input) {
    var api = input.getAttribute("data-api");
    var lang = input.getAttribute("data-lang") || document.documentElement.lang || "en";
    var list = document.createElement("ul");
    var timer = null, active = -1, asked = "";
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.classList.add("has-suggestions");
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function show(items) {
      list.textContent = "";
      items.forEach(function (c, i) {
        var li = document.createElement("li"), a = document.createElement("a");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        a.href = "/concept/" + encodeURIComponent(c.slug);
        a.setAttribute("data-label", label(c, lang));
        if (c.notation) {
          var n = document.createElement("span");
          n.className = "notation"; n.textContent = c.notation;
          a.appendChild(n); a.appendChild(document.createTextNode(" "));
        }
        a.appendChild(document.createTextNode(label(c, lang)));
        var other = (c.label || {})[lang === "fr" ? "en" : "fr"];
        if (other && other !== label(c, lang)) {
          var o = document.createElement("span");
          o.className = "other-lang"; o.textContent = other;
          a.appendChild(document.createTextNode(" ")); a.appendChild(o);
        }
        if (input.hasAttribute("data-fill")) {
          a.addEventListener("mousedown", function (e) { e.preventDefault(); fill(c); });
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", String(items.length > 0));
      active = -1;
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (q.length < 2) { close(); return; }
      fetch(api + "?q=" + encodeURIComponent(q) + "&limit=8", { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (data) { if (q === asked) show(itemsOf(data).slice(0, 8)); })
        .catch(close);
    }

    function fill(c) {
      input.value = label(c, lang);
      asked = input.value.trim();
      close();
    }

    function move(step) {
      var options = list.querySelectorAll("li");
      if (!options.length) return;
      if (active >= 0) options[active].classList.remove("active");
      active = (active + step + options.length) % options.length;
      options[active].classList.add("active");
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        if (input.hasAttribute("data-fill")) {
          var chosen = list.querySelectorAll("li a")[active];
          input.value = chosen.getAttribute("data-label"); asked = input.value.trim(); close();
        } else {
          window.location.href = list.querySelectorAll("li a")[active].href;
        }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }

  function examples() {
    var select = document.getElementById("example");
    var data = document.getElementById("examples-data");
    var box = document.getElementById("query");
    if (!select || !data || !box) return;
    var texts = JSON.parse(data.textContent);
    select.addEventListener("change", function () {
      if (texts[select.value]) box.value = texts[select.value];
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-api]"), suggest);
    examples();
  });
})();

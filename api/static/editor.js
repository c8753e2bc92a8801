/* The query editor: every <textarea data-editor="sparql"> becomes a CodeMirror 6 editor
 * (static/vendor/codemirror.min.js, global CM) with SPARQL highlighting and completion of
 * the project's prefixes (a prefix not yet declared is declared at the top when chosen).
 * The textarea stays in the form, hidden, and is kept equal to the editor's text, so the
 * form posts as it does without JavaScript.
 *
 * The editor lives in a shadow root: CodeMirror's styles then go to a constructed style
 * sheet (adoptedStyleSheets), which the Content Security Policy (style-src 'self', no
 * inline style) allows, where a <style> element would be refused. */
(function () {
  "use strict";
  if (!window.CM) return;
  var CM = window.CM;
  var KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "OPTIONAL", "FILTER", "UNION", "MINUS", "BIND", "VALUES",
    "GRAPH", "GROUP BY", "ORDER BY", "LIMIT", "OFFSET", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX",
    "COUNT", "GROUP_CONCAT", "SAMPLE", "EXISTS", "NOT EXISTS", "LANG", "STR", "REGEX", "CONTAINS", "HAVING", "AS"];

  function completer(prefixes) {
    return function (context) {
      var word = context.matchBefore(/[A-Za-z_][\w-]*:?/);
      if (!word || (word.from === word.to && !context.explicit)) return null;
      var doc = context.state.doc.toString();
      var options = Object.keys(prefixes).map(function (p) {
        return {
          label: p + ":", detail: prefixes[p], type: "namespace",
          apply: function (view, completion, from, to) {
            var changes = [{ from: from, to: to, insert: p + ":" }];
            var declared = new RegExp("PREFIX\\s+" + p + ":", "i").test(view.state.doc.toString());
            if (!declared) changes.push({ from: 0, insert: "PREFIX " + p + ": <" + prefixes[p] + ">\n" });
            view.dispatch({ changes: changes });
          }
        };
      });
      if (word.text.indexOf(":") < 0) {
        KEYWORDS.forEach(function (k) { options.push({ label: k, type: "keyword" }); });
      }
      void doc;
      return { from: word.from, options: options, validFor: /^[\w-]*:?$/ };
    };
  }

  function mount(box) {
    var prefixes = {};
    var data = document.getElementById(box.getAttribute("data-prefixes"));
    if (data) prefixes = JSON.parse(data.textContent);
    var host = document.createElement("div");
    host.className = "editor-host";
    box.parentNode.insertBefore(host, box);
    var shadow = host.attachShadow({ mode: "open" });
    var parent = document.createElement("div");
    shadow.appendChild(parent);
    var view = new CM.EditorView({
      root: shadow,
      parent: parent,
      state: CM.EditorState.create({
        doc: box.value,
        extensions: [
          CM.basicSetup,
          CM.StreamLanguage.define(CM.sparql),
          CM.autocompletion({ override: [completer(prefixes)] }),
          CM.EditorView.lineWrapping,
          // Say the text is in the tab order (it is, being contenteditable), so the scrolling
          // frame around a long query is known to be reachable from the keyboard.
          CM.EditorView.contentAttributes.of({ tabindex: "0" }),
          CM.EditorView.theme({
            "&": { border: "1px solid #888", fontSize: "14px", backgroundColor: "#fff" },
            ".cm-scroller": { fontFamily: "ui-monospace, monospace", minHeight: "18em", maxHeight: "40em" }
          }),
          CM.EditorView.updateListener.of(function (update) {
            if (update.docChanged) box.value = update.state.doc.toString();
          })
        ]
      })
    });
    box.hidden = true;
    host.editorView = view;
    host.setAttribute("data-editor-ready", "true");
    var label = document.querySelector("label[for='" + box.id + "']");
    view.contentDOM.setAttribute("aria-label", label ? label.textContent : "SPARQL");
    box.form && box.form.addEventListener("submit", function () { box.value = view.state.doc.toString(); });
    return view;
  }

  function setText(view, text) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var views = {};
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-editor='sparql']"), function (box) {
      views[box.id] = mount(box);
    });
    var select = document.getElementById("example");
    var examples = document.getElementById("examples-data");
    if (select && examples && views.query) {
      var texts = JSON.parse(examples.textContent);
      select.addEventListener("change", function () {
        if (texts[select.value]) setText(views.query, texts[select.value]);
      });
    }
  });
})();

// The parts of CodeMirror 6 the query editor uses, bundled by build.mjs into
// api/static/vendor/codemirror.min.js as one global, `CM` (read by api/static/editor.js).
export { EditorView, keymap } from "@codemirror/view";
export { EditorState } from "@codemirror/state";
export { basicSetup } from "codemirror";
export { StreamLanguage } from "@codemirror/language";
export { sparql } from "@codemirror/legacy-modes/mode/sparql";
export { autocompletion } from "@codemirror/autocomplete";

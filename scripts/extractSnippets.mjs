// The ts/tsx code blocks of a doc, with the hidden comments that go with them (see scripts/check-snippets.mjs):
// check-snippets type-checks them, test/unit/react-docs.test.tsx renders the React docs' whole components.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The snippets of `doc` (a path under `root`). Each is a virtual file of lines, each line remembering the doc line it
 * came from (preamble lines point at their comment), so a diagnostic maps back to the doc: `{ doc, lang, line, skip,
 * lines, bodyStart }`; `lines.slice(bodyStart)` is the block as the reader sees it (and a closing `export {};`).
 */
export function extractSnippets(root, doc) {
  const lines = readFileSync(join(root, doc), "utf8").split("\n");
  const comments = []; // { kind, text: [{ text, line }], start, end, used }
  const snippets = [];
  let fence = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      if (/^\s*```\s*$/.test(line)) {
        if (fence.lang) snippets.push(fence);
        fence = null;
      } else fence.body.push({ text: line, line: i + 1 });
      continue;
    }
    const open = /^\s*```(\S*)/.exec(line);
    if (open) {
      // Only ts/tsx blocks are snippets; other fences are skipped over so their content is not read as markers.
      const lang = { ts: "ts", typescript: "ts", tsx: "tsx" }[open[1]] ?? null;
      fence = { lang, line: i + 1, body: [], context: [], skip: null };
      // A marker applies when its comment ends on the line right before the fence.
      const marker = comments.find((c) => c.end === i - 1 && c.kind !== "snippet-file-context");
      if (marker && lang) {
        marker.used = true;
        if (marker.kind === "snippet-context") fence.context = marker.text;
        else fence.skip = marker.reason;
      }
      continue;
    }
    // Markers are block-level comments starting their line; one quoted in prose (in `code`) is not a marker.
    const start = /^\s*<!--\s*(snippet(?:-file)?-context:|snippet:)/.exec(line);
    if (!start) continue;
    let end = i;
    while (end < lines.length && !lines[end].includes("-->")) end++;
    if (end === lines.length) throw new Error(`${doc}:${i + 1}: unterminated snippet comment`);
    const text = [];
    for (let j = i; j <= end; j++) {
      let t = lines[j];
      if (j === i) t = t.slice(start.index + start[0].length);
      if (j === end) t = t.slice(0, t.indexOf("-->"));
      text.push({ text: t, line: j + 1 });
    }
    const kind = start[1].replace(/:$/, "");
    if (kind === "snippet") {
      const skip = /^\s*skip\s*\((.+)\)\s*$/s.exec(text.map((t) => t.text).join(" "));
      if (!skip) throw new Error(`${doc}:${i + 1}: expected <!-- snippet: skip (reason) -->`);
      comments.push({ kind: "skip", reason: skip[1].trim(), start: i, end, used: false });
    } else comments.push({ kind, text, start: i, end, used: kind === "snippet-file-context" });
    i = end;
  }
  if (fence) throw new Error(`${doc}:${fence.line}: this code block is never closed`);
  for (const c of comments) {
    if (!c.used) throw new Error(`${doc}:${c.start + 1}: this snippet marker is not right before a \`\`\`ts or \`\`\`tsx fence`);
  }
  const fileContext = comments.filter((c) => c.kind === "snippet-file-context").flatMap((c) => c.text);
  return snippets.map((s) => ({
    doc,
    lang: s.lang,
    line: s.line,
    skip: s.skip,
    // Each snippet is a module (its own scope, top-level await): `export {}` at the end makes sure of that.
    lines: [...fileContext, ...s.context, ...s.body, { text: "export {};", line: s.line }],
    bodyStart: fileContext.length + s.context.length,
  }));
}


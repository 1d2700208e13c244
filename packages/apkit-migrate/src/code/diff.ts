/**
 * A unified diff of two texts, line by line (Myers' O(ND) algorithm), with three lines of context, as `git diff`
 * and `patch` read it.
 */

type Edit = { kind: " " | "-" | "+"; line: string };

function lines(text: string): string[] {
  if (text === "") return [];
  const out = text.split("\n");
  if (out[out.length - 1] === "") out.pop();
  return out;
}

// The shortest edit script from a to b.
function edits(a: string[], b: string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!);
      let x = down ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  trace.push(v.slice());
  // Walk back from the end through the saved frontiers.
  const out: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const frontier = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && frontier[max + k - 1]! < frontier[max + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = frontier[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      out.push({ kind: " ", line: a[x]! });
    }
    if (d > 0) {
      if (down) out.push({ kind: "+", line: b[--y]! });
      else out.push({ kind: "-", line: a[--x]! });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    out.push({ kind: " ", line: a[x]! });
  }
  return out.reverse();
}

/**
 * The unified diff turning `before` into `after`, headed `--- a/<name>` / `+++ b/<name>`; `""` when they are equal.
 *
 * @example
 * ```ts
 * unifiedDiff("panel.js", "AP.resize();\n", "APKit.resize();\n");
 * // --- a/panel.js\n+++ b/panel.js\n@@ -1 +1 @@\n-AP.resize();\n+APKit.resize();\n
 * ```
 */
export function unifiedDiff(name: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const a = lines(before);
  const b = lines(after);
  const script = edits(a, b);
  // Each edit's line number on both sides, and whether it is a side's last line without a newline.
  const at: { a: number; b: number }[] = [];
  let ai = 0;
  let bi = 0;
  for (const e of script) {
    at.push({ a: ai, b: bi });
    if (e.kind !== "+") ai++;
    if (e.kind !== "-") bi++;
  }
  const noNewline = (e: Edit, j: number) =>
    (e.kind !== "+" && at[j]!.a === a.length - 1 && !before.endsWith("\n")) || (e.kind !== "-" && at[j]!.b === b.length - 1 && !after.endsWith("\n"));
  const hunks: string[] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && script[i]!.kind === " ") i++;
    if (i >= script.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    // One hunk while the changes are within two contexts of each other.
    for (let j = i; j < script.length; j++) {
      if (script[j]!.kind !== " ") end = j;
      else if (j - end > 2 * context) break;
    }
    const stop = Math.min(script.length, end + context + 1);
    const body = script.slice(start, stop);
    const aCount = body.filter((e) => e.kind !== "+").length;
    const bCount = body.filter((e) => e.kind !== "-").length;
    const range = (line: number, count: number) => (count === 1 ? `${line + 1}` : `${count === 0 ? line : line + 1},${count}`);
    const text = body.map((e, k) => e.kind + e.line + (noNewline(e, start + k) ? "\n\\ No newline at end of file" : "")).join("\n");
    hunks.push(`@@ -${range(at[start]!.a, aCount)} +${range(at[start]!.b, bCount)} @@\n${text}\n`);
    i = stop;
  }
  return `--- a/${name}\n+++ b/${name}\n${hunks.join("")}`;
}

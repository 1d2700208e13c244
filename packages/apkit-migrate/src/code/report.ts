/** The report of `apkit-migrate code`: per file, and in totals; as JSON and as text. */
import type { FileResult, LeftUse } from "./transform.js";

/** One file in the report. */
export interface CodeFileReport {
  file: string;
  changed: boolean;
  rewritten: number;
  left: LeftUse[];
  notes: string[];
}

/** The whole report (`--json FILE`). */
export interface CodeReport {
  files: CodeFileReport[];
  totals: {
    files: number;
    changed: number;
    rewritten: number;
    left: number;
    /** rewritten / (rewritten + left), 1 when there was no use of AP at all. */
    share: number;
  };
}

/** The report of a run. */
export function codeReport(results: readonly FileResult[]): CodeReport {
  const files = results.map(({ file, changed, rewritten, left, notes }) => ({ file, changed, rewritten, left, notes }));
  const rewritten = files.reduce((n, f) => n + f.rewritten, 0);
  const left = files.reduce((n, f) => n + f.left.length, 0);
  return {
    files,
    totals: {
      files: files.length,
      changed: files.filter((f) => f.changed).length,
      rewritten,
      left,
      share: rewritten + left === 0 ? 1 : Math.round((rewritten / (rewritten + left)) * 1000) / 1000,
    },
  };
}

/** The human summary. */
export function codeSummary(report: CodeReport, wrote: boolean): string {
  const out: string[] = [];
  for (const f of report.files) {
    if (f.rewritten === 0 && f.left.length === 0) continue;
    out.push(`${f.file}: ${f.rewritten} rewritten, ${f.left.length} left${f.changed ? "" : " (unchanged)"}`);
    for (const l of f.left) out.push(`  line ${l.line}  ${l.call}: ${l.reason}\n    instead: ${l.suggestion}`);
    for (const n of f.notes) out.push(`  note: ${n}`);
  }
  const t = report.totals;
  out.push(
    `${t.files} file${t.files === 1 ? "" : "s"} read, ${t.changed} ${wrote ? "changed" : "to change"}: ${t.rewritten} use${t.rewritten === 1 ? "" : "s"} of AP rewritten, ${t.left} left (${Math.round(t.share * 100)}% rewritten).`,
  );
  if (!wrote && t.changed > 0) out.push("Dry run: nothing was written. Run again with --write to change the files.");
  return out.join("\n") + "\n";
}

// The relative links of a Markdown file: where a reader of the shipped docs is sent inside the package. Used by
// scripts/check-docs.mjs (against `npm pack`'s file list) and by test/node/first-hour.test.ts (against the package
// as installed from the tarball).

/**
 * The relative link targets of `markdown`, without their `#fragment`: inline links `[text](target)`, images, and
 * reference definitions `[label]: target`. Links in code (fences, `inline code`) are not links; absolute URLs
 * (`https:`, `mailto:`) and fragments alone (`#section`) are not relative.
 */
export function relativeLinks(markdown) {
  const prose = markdown
    .replace(/^([ \t]*)(```|~~~)[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, "")
    .replace(/`[^`\n]*`/g, "");
  const targets = [
    ...[...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
  ];
  return targets
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#"))
    .map((target) => decodeURI(target.replace(/[#?].*$/, "")))
    .filter(Boolean);
}

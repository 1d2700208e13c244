/** One ts/tsx code block of a doc (scripts/extractSnippets.mjs). */
export interface Snippet {
  doc: string;
  lang: "ts" | "tsx";
  /** The fence's line in the doc. */
  line: number;
  /** The reason given by a `<!-- snippet: skip (...) -->` marker. */
  skip: string | null;
  /** The file-context, the snippet-context and the block's lines, each with the doc line it came from. */
  lines: { text: string; line: number }[];
  /** Where the block itself starts in `lines`. */
  bodyStart: number;
}
export declare function extractSnippets(root: string, doc: string): Snippet[];

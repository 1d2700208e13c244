/** The relative link targets of a Markdown text, without their fragments (scripts/docLinks.mjs). */
export declare function relativeLinks(markdown: string): string[];

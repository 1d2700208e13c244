/** The relative link targets of a Markdown text, without their fragments (scripts/relativeLinks.mjs). */
export declare function relativeLinks(markdown: string): string[];

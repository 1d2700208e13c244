/** Entry names: "index" for ".", "react" for "./react", ... */
export declare const entryNames: string[];
/** Specifiers users import: "apkit", "apkit/react", ... */
export declare const entrySpecifiers: string[];
/** The source file of an entry. */
export declare function entrySource(name: string): string;

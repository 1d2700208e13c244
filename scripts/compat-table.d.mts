/** The first line of docs/compat.md's generated table. */
export declare const BEGIN: string;
/** The line after it. */
export declare const END: string;
/** docs/compat.md's method table, from rawSupport. */
export declare function renderTable(rawSupport: Readonly<Record<string, { apkit: string | null; status: string; note?: string }>>): string;
/** The page with its table replaced. */
export declare function withTable(page: string, table: string): string;

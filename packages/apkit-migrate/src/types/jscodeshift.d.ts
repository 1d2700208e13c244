// The part of jscodeshift 17 apkit-migrate uses (the package ships no types): parse with a parser of our own,
// print with recast, and recast's node builders.
declare module "jscodeshift" {
  interface Collection {
    /** The NodePath of the parsed File. */
    get(): { node: any };
    toSource(options?: Record<string, unknown>): string;
  }
  interface JSCodeshift {
    (source: string, options?: Record<string, unknown>): Collection;
    withParser(parser: string | { parse(code: string): any }): JSCodeshift;
    [builder: string]: any;
  }
  const jscodeshift: JSCodeshift;
  export default jscodeshift;
}

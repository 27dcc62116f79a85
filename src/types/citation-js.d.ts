// citation-js ships no type declarations; these cover the calls src/citations/ makes.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    format(format: 'bibliography', options: { format: 'html' | 'text'; template: string; lang: string }): string;
    format(format: 'bibtex' | 'ris', options?: { format: 'text' | 'object' }): string;
  }
  /** The few parts of a citeproc-js CSL.Engine that src/citations/engine.ts uses. */
  export interface CslEngine {
    citation: { tokens: unknown[] };
    updateItems(ids: string[]): string[];
    makeBibliography(): [unknown, string[]];
    /** citeproc's scratch state; the ids of items (and citations) whose citations it would render again. */
    tmp: { taintedItemIDs: Record<string, boolean>; taintedCitationIDs: Record<string, boolean> };
  }
  export const plugins: {
    config: {
      get(name: '@csl'): {
        styles: { add(name: string, xml: string): void; get(name: string): string; has(name: string): boolean };
        /** @citation-js/plugin-csl's cached citeproc engine for a style, reading items from `data`. */
        engine(data: unknown[], style: string, lang: string, format: 'html' | 'text'): CslEngine;
      };
    };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/name' {
  export function parse(name: string): Record<string, string>;
}

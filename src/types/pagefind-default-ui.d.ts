// @pagefind/default-ui ships no type declarations; these cover the options this project uses.
declare module '@pagefind/default-ui' {
  export interface PagefindUIOptions {
    element: string | HTMLElement;
    /** URL path of the `pagefind/` bundle the CLI wrote into the built site. */
    bundlePath?: string;
    showImages?: boolean;
    showSubResults?: boolean;
    resetStyles?: boolean;
    autofocus?: boolean;
    pageSize?: number;
    excerptLength?: number;
    translations?: Record<string, string>;
    /** Further bundles searched with this one (their results ranked together). */
    mergeIndex?: { bundlePath: string; baseUrl?: string; indexWeight?: number }[];
  }

  export class PagefindUI {
    constructor(options: PagefindUIOptions);
    triggerSearch(term: string): void;
    destroy(): void;
  }
}

import type { Options as SanitizeSchema } from 'rehype-sanitize';

/**
 * The one list of what article HTML may contain.
 *
 * Content files are untrusted input (captures, wire copy, other sites), so this
 * is an allow-list written out in full rather than GitHub's default schema
 * extended: anything not named here is dropped. It deliberately has no `style`
 * attribute, no `on*` handler, no form controls, no embedded documents and no
 * URL scheme besides http, https and mailto (relative URLs are always kept;
 * images must be https or relative).
 */

/** Prefix the sanitizer puts on every `id` and `name` so content can't clobber DOM globals. */
export const CLOBBER_PREFIX = 'user-content-';

const aria = ['ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy'];

export const sanitizeSchema: SanitizeSchema = {
  tagNames: [
    'a',
    'abbr',
    'b',
    'blockquote',
    'br',
    'caption',
    'cite',
    'code',
    'dd',
    'del',
    'details',
    'dfn',
    'div',
    'dl',
    'dt',
    'em',
    'figcaption',
    'figure',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'i',
    'img',
    'ins',
    'kbd',
    'li',
    'mark',
    'ol',
    'p',
    'pre',
    'q',
    's',
    'samp',
    'section',
    'small',
    'span',
    'strong',
    'sub',
    'summary',
    'sup',
    'table',
    'tbody',
    'td',
    'tfoot',
    'th',
    'thead',
    'time',
    'tr',
    'u',
    'ul',
    'var',
  ],
  // Elements whose text must vanish with them: unwrapping these would show
  // script source, CSS or an embedded document as visible article text.
  strip: [
    'script',
    'style',
    'template',
    'textarea',
    'title',
    'noscript',
    'noembed',
    'noframes',
    'iframe',
    'object',
    'embed',
    'xmp',
    'plaintext',
    'svg',
    'math',
    'select',
    'option',
    'button',
  ],
  attributes: {
    a: [
      ...aria,
      'href',
      'title',
      'hrefLang',
      'dataFootnoteBackref',
      'dataFootnoteRef',
      ['className', 'data-footnote-backref'],
    ],
    abbr: ['title'],
    blockquote: ['cite'],
    code: [['className', /^language-[\w-]+$/]],
    del: ['cite', 'dateTime'],
    details: ['open'],
    dl: [...aria],
    h2: [['className', 'sr-only']],
    img: [...aria, 'alt', 'src', 'title', 'width', 'height', 'loading', 'decoding'],
    ins: ['cite', 'dateTime'],
    ol: [...aria, 'start', 'reversed', 'type'],
    q: ['cite'],
    section: ['dataFootnotes', ['className', 'footnotes']],
    table: [...aria],
    td: ['colSpan', 'rowSpan', 'headers', ['align', 'left', 'right', 'center']],
    th: ['colSpan', 'rowSpan', 'headers', 'scope', ['align', 'left', 'right', 'center']],
    time: ['dateTime'],
    ul: [...aria],
    '*': ['id', 'lang', 'dir', 'title'],
  },
  required: {},
  protocols: {
    href: ['http', 'https', 'mailto'],
    cite: ['http', 'https'],
    // Images load only over https: the pages' CSP (img-src) refuses plain http.
    src: ['https'],
  },
  ancestors: {
    tbody: ['table'],
    td: ['table'],
    th: ['table'],
    thead: ['table'],
    tfoot: ['table'],
    tr: ['table'],
  },
  clobber: ['ariaDescribedBy', 'ariaLabelledBy', 'id', 'name'],
  clobberPrefix: CLOBBER_PREFIX,
  allowComments: false,
  allowDoctypes: false,
};
